"""Fixtures shared by the test modules that run the whole pipeline."""
import pytest


@pytest.fixture(scope="module")
def extractor():
    """The loaded pipeline, once per test module (needs the pkuseg model: ``make setup``)."""
    from kg.pipeline.extract import Extractor

    return Extractor.load()


@pytest.fixture
def shared(extractor, monkeypatch):
    """`kg build` in this process uses the module's extractor instead of loading its own."""
    from kg.pipeline.extract import Extractor

    monkeypatch.setattr(Extractor, "load", classmethod(lambda cls, root=None, separate_segmenter=False: extractor))
    return extractor
