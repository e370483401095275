// Who holds which post in each province-level trade union?
// 各省级工会由谁担任什么职务？
//
// A province-level union is an organisation LOCATED_IN a place whose administrativeLevel is
// "province" (directly, as provincial_union_posts.rq asks), with orgType "trade_union" or a name
// ending in 工会. Each HOLDS_POSITION relationship is one (person, union, post); post is null
// where the text gives none.
MATCH (tradeUnion:Organization)-[:LOCATED_IN]->(province:Place {administrativeLevel: 'province'})
WHERE tradeUnion.orgType = 'trade_union' OR tradeUnion.name ENDS WITH '工会'
MATCH (person:Person)-[post:HOLDS_POSITION]->(tradeUnion)
RETURN province.name AS province, tradeUnion.name AS tradeUnion, person.name AS person, post.role AS post
ORDER BY province, tradeUnion, person, post
