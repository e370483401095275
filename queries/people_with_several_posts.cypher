// Who holds more than one post, and which posts in which organisations?
// 哪些人身兼多职？分别在哪些单位担任什么职务？
//
// Each HOLDS_POSITION relationship is one (person, organisation, post); one without a post counts
// too and gives a null post.
MATCH (person:Person)-[held:HOLDS_POSITION]->(:Organization)
WITH person, count(held) AS posts
WHERE posts > 1
MATCH (person)-[post:HOLDS_POSITION]->(organisation:Organization)
RETURN person.name AS person, organisation.name AS organisation, post.role AS post
ORDER BY person, organisation, post
