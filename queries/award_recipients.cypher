// Who received which award, and is the recipient a person or an organisation?
// 谁获得了哪些荣誉？获奖者是个人还是单位？
MATCH (recipient)-[:RECEIVED_AWARD]->(award:Award)
RETURN award.name AS award, recipient.name AS recipient,
       CASE WHEN recipient:Person THEN 'person' ELSE 'organisation' END AS kind
ORDER BY award, recipient, kind
