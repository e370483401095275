// On what evidence does the graph state a fact between two entities: which document, article,
// character range, sentence and extraction rule?
// 图谱中两个实体之间的某一事实依据何在：出自哪篇文档、哪篇文章、哪段字符、哪句原文、哪条抽取规则？
//
// Set the two names first; in Neo4j Browser:
//   :param subject => '王宏'
//   :param object => '云南省总工会'
// (subject first, as the fact is stated; PARTNER_OF is stated once, from the smaller id).
// A fact's evidence is a set of parallel lists, item i of each describing record i. Offsets count
// characters of the raw input file, end excluded. Links added from the division table have rule
// "gazetteer" and no passage.
MATCH (subject {name: $subject})-[fact]->(object {name: $object})
WHERE type(fact) <> 'MENTIONED_IN'
UNWIND range(0, size(fact.rules) - 1) AS i
RETURN subject.name AS subject, type(fact) AS relationship, object.name AS object, fact.role AS role,
       fact.docs[i] AS document, fact.articles[i] AS article, fact.startOffsets[i] AS startOffset,
       fact.endOffsets[i] AS endOffset, fact.rules[i] AS rule, fact.sentences[i] AS sentence
ORDER BY relationship, role, document, startOffset, endOffset, article, rule, sentence
