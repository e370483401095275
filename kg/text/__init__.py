"""Raw page -> clean text with an offset map (:mod:`kg.text.normalize`) -> articles
(:mod:`kg.text.articles`); both read the page-layout vocabulary of :mod:`kg.text.layout`."""
