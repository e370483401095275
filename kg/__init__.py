"""kg: an offline knowledge-graph builder for Chinese news pages.

Stages (each a module of pure functions over the dataclasses of :mod:`kg.model`):
normalize -> articles -> nlp (spaCy + kg.ner) -> canonical -> relations -> graph -> rdf.
:mod:`kg.pipeline` composes them; :mod:`kg.cli` is the ``kg`` command.
"""

__version__ = "0.1.0"
