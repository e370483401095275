"""Candidate finders, one module per family of names; each is a pure function of the page text,
its word layer and the rules."""
