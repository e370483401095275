"""kg: an offline knowledge-graph builder for Chinese news pages.

Stages, one package each, over the dataclasses of :mod:`kg.model`: :mod:`kg.text` (normalise,
split articles) -> :mod:`kg.ner` (spaCy + pkuseg, LAC, entity rules) -> :mod:`kg.entities`
(canonical names) -> :mod:`kg.relations` -> :mod:`kg.graph` -> :mod:`kg.export` (Turtle, GraphML,
Neo4j). :mod:`kg.io` reads and writes files, :mod:`kg.pipeline` composes the stages and
:mod:`kg.cli` is the ``kg`` command.
"""

__version__ = "0.1.0"
