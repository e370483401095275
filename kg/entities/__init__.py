"""Mentions -> entities: canonical names (:mod:`~kg.entities.names`), article regions
(:mod:`~kg.entities.regions`), merging (:mod:`~kg.entities.merge`), names spread over the page
(:mod:`~kg.entities.propagate`) and the mentions linked to their entities (:mod:`~kg.entities.link`)."""
