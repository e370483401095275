"""Bytes in and out: decoding inputs (encodings, HTML, Traditional characters), finding and
reading input files, and writing outputs atomically. The only package besides ``build``,
``export`` and the CLI that touches files."""
