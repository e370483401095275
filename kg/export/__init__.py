"""The graph in other forms: RDF and Turtle (:mod:`~kg.export.rdf`, :mod:`~kg.export.turtle`),
GraphML (:mod:`~kg.export.graphml`), the Neo4j import files (:mod:`~kg.export.neo4j`) and loading
over Bolt (:mod:`~kg.export.bolt`), SPARQL over the Turtle (:mod:`~kg.export.sparql`), and the
browser view that opens from disk (:mod:`~kg.export.view`)."""
