"""The pipeline that composes the stages: one document through every stage
(:mod:`~kg.pipeline.extract`), many of them in this process or a pool of workers
(:mod:`~kg.pipeline.runner`), kept between builds (:mod:`~kg.pipeline.cache`), and the outputs and
report written (:mod:`~kg.pipeline.outputs`, :mod:`~kg.pipeline.report`);
:func:`kg.pipeline.batch.build` is ``kg build``.

(Not ``kg/build``: tools skip folders of that name, from ``.gitignore``'s ``build/`` to pytest's
``norecursedirs``.)"""
