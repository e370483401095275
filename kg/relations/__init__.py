"""Relation rules: the mentions of one document -> relations between its entities
(:mod:`~kg.relations.engine` runs the rules of ``pipelines/relations.toml`` over a
:class:`~kg.relations.scene.Scene`; each kind of rule lives in the module of its family)."""
