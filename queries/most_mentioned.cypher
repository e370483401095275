// Which entities are mentioned in the most articles, and on how many pages?
// 哪些实体被最多的文章提及？出现在几个版面上？
//
// MENTIONED_IN links an entity to every article it is mentioned in; the 25 most mentioned.
MATCH (entity)-[:MENTIONED_IN]->(article:Article)
RETURN labels(entity)[0] AS label, entity.name AS entity, count(article) AS articles,
       count(DISTINCT article.doc) AS pages
ORDER BY articles DESC, pages DESC, label, entity
LIMIT 25
