"""Outputs made from the finished graph: files and views for other tools and for people.

:mod:`kg.export.view` writes the browser view (``view/index.html``) that opens from disk.
"""
