"""Named-entity recognition: the word layer (LAC), lexicons, rules and the spaCy components."""
