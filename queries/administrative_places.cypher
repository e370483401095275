// Which administrative divisions does the graph know, with their division codes and levels, and
// which division is each one in, as the text says or as the division table (gazetteer) adds?
// 图谱中有哪些行政区划？其区划代码、级别及上级区划是什么？上级关系出自原文还是行政区划表？
//
// A place is an administrative division when it has a divisionCode or an administrativeLevel.
// Rows run from country to township level, then by code.
MATCH (area:Place)
WHERE area.divisionCode IS NOT NULL OR area.administrativeLevel IS NOT NULL
OPTIONAL MATCH (area)-[link:LOCATED_IN]->(parent:Place)
RETURN area.name AS place, area.divisionCode AS code, area.administrativeLevel AS level,
       parent.name AS within,
       CASE WHEN link IS NULL THEN null WHEN link.docs IS NULL THEN 'gazetteer' ELSE 'text' END AS source
ORDER BY CASE level WHEN 'country' THEN 0 WHEN 'province' THEN 1 WHEN 'prefecture' THEN 2
              WHEN 'county' THEN 3 WHEN 'township' THEN 4 ELSE 9 END,
         code, place, within, source
