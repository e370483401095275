// Which departments, branches and subordinate bodies does each top-level organisation have, at
// any depth, and what is each unit directly under?
// 各顶层单位下设哪些部门、分支机构和下属单位（含多级）？每个单位的直接上级是谁？
//
// SUB_ORGANIZATION_OF*1.. follows the links at any depth; a top-level organisation is one that
// is not itself a sub-organisation (全国总工会 and the like).
MATCH (unit:Organization)-[:SUB_ORGANIZATION_OF*1..]->(top:Organization)
WHERE NOT EXISTS { (top)-[:SUB_ORGANIZATION_OF]->() }
MATCH (unit)-[:SUB_ORGANIZATION_OF]->(parent:Organization)
RETURN DISTINCT top.name AS organisation, unit.name AS unit, parent.name AS parent
ORDER BY organisation, unit, parent
