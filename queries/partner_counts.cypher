// Which organisations work with the most partners?
// 哪些单位的合作伙伴最多？
//
// PARTNER_OF is symmetric and stored once per pair, so the pattern has no direction.
MATCH (organisation:Organization)-[:PARTNER_OF]-(partner:Organization)
RETURN organisation.name AS organisation, count(DISTINCT partner) AS partners
ORDER BY partners DESC, organisation
