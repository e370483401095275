// What does the graph say about one organisation, in the order it happened, and in which article
// (headline and authors) can each fact be read?
// 某一组织的各项事实按发生时间先后如何排列？每项事实见于哪篇文章（标题、作者）？
//
// Set the name first; in Neo4j Browser:
//   :param organisation => '云南省总工会'
// One row per fact, passage and author. date is when the fact happened as its passage states it
// (2022-09-17, 2022-09 or 2022, as precise as the text), dateText the date as written;
// articleDate is the article's date (its dateline's day, else the page's publication date). Rows
// run by date, else articleDate; facts dated by neither come last. Links from the division table
// have no passage and are left out.
MATCH (subject)-[fact]->(object)
WHERE (subject:Organization AND subject.name = $organisation OR object:Organization AND object.name = $organisation)
  AND NOT type(fact) IN ['MENTIONED_IN', 'AUTHOR_OF'] AND fact.articles IS NOT NULL
UNWIND range(0, size(fact.rules) - 1) AS i
MATCH (article:Article {id: fact.articles[i]})
OPTIONAL MATCH (author:Person)-[:AUTHOR_OF]->(article)
WITH fact, subject, object, article, author,
     CASE WHEN fact.whens[i] <> '' THEN fact.whens[i] END AS date,
     CASE WHEN fact.dates[i] <> '' THEN fact.dates[i] END AS dateText,
     coalesce(article.dateCreated, article.datePublished) AS articleDate
RETURN date, dateText, subject.name AS subject, type(fact) AS relationship, object.name AS object,
       fact.role AS role, articleDate, article.title AS headline, author.name AS author
ORDER BY coalesce(date, articleDate), subject, relationship, object, role, dateText, headline, author
