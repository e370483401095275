"""A Dask worker preload for tests/pipeline/test_cluster.py (``distributed.worker.preload``): in
each worker process it starts, the page whose document id is ``killer`` kills the worker that
extracts it (SIGKILL, as the OOM killer would) a moment after it starts, every time it is tried."""
import os
import signal
import time


def dask_setup(worker) -> None:
    import kg.pipeline.extract as extraction

    real = extraction.extract

    def fragile(ex, doc_id, source, raw):
        if doc_id == "killer":
            time.sleep(1)  # (the client takes the worker's other results meanwhile, as it would)
            os.kill(os.getpid(), signal.SIGKILL)
        return real(ex, doc_id, source, raw)

    extraction.extract = fragile
