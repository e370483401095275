// Which programmes do the trade unions of each province organise, and in what role?
// 各省（含其下辖市、县、乡镇）的工会组织开展了哪些项目？以何种角色（主办、承办等）？
//
// A union belongs to a province when the place it is LOCATED_IN is the province or lies within
// it: LOCATED_IN*0.. climbs the place hierarchy, through the links the text states and those
// added from the division table (rules ["gazetteer"]). A union has orgType "trade_union" or a
// name ending in 工会. The role is the ORGANIZES relationship's role where the text gives one; a
// union named without a role for a programme where it also has one is listed once, with the role.
MATCH (tradeUnion:Organization)-[organizes:ORGANIZES]->(programme:Programme)
WHERE (tradeUnion.orgType = 'trade_union' OR tradeUnion.name ENDS WITH '工会')
  AND (organizes.role IS NOT NULL
       OR NOT EXISTS { (tradeUnion)-[other:ORGANIZES]->(programme) WHERE other.role IS NOT NULL })
MATCH (tradeUnion)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN*0..]->(province:Place {administrativeLevel: 'province'})
RETURN DISTINCT province.name AS province, tradeUnion.name AS tradeUnion, programme.name AS programme,
       organizes.role AS role
ORDER BY province, tradeUnion, programme, role
