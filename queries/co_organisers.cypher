// Which organisations worked together on the same event or programme, and in what role (主办, 承办, 指导, 协办)?
// 哪些单位共同组织了同一活动或项目？各自担任什么角色（主办、承办、指导、协办）？
//
// Every activity with at least two organising organisations, one row per organisation and role
// (null where the text gives none). An organisation that the text names without a role for an
// activity where it also has one is listed once, with the role.
MATCH (anyone:Organization)-[:ORGANIZES]->(activity)
WITH activity, count(DISTINCT anyone) AS organisers
WHERE organisers > 1
MATCH (organisation:Organization)-[organizes:ORGANIZES]->(activity)
WHERE organizes.role IS NOT NULL
   OR NOT EXISTS { (organisation)-[other:ORGANIZES]->(activity) WHERE other.role IS NOT NULL }
RETURN activity.name AS activity, labels(activity)[0] AS kind, organisation.name AS organisation,
       organizes.role AS role
ORDER BY activity, kind, role, organisation
