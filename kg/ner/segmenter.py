"""pkuseg in a process of its own, so that its model loads while the rest of the pipeline does.

Loading pkuseg's model is the longest part of starting a build: some 4 s, most of it unpickling
the 3.9 million strings of its feature table, which no other format loads faster. Everything
else the pipeline loads (spaCy, LAC, the lexicons) takes some 2.5 s more. A one-process build
therefore starts a :class:`SegmenterProcess` first: a forked child that loads the model while the
build loads the rest, then segments the pages the build sends it, one at a time. The build waits
for each answer; but a build that knows its next page hands it over first
(:meth:`SegmenterProcess.ahead`), and the child segments it while the build runs the rest of the
pipeline on the page before: on two cores, segmenting and the rest overlap. The child builds the segmenter exactly as spaCy's Chinese tokenizer does
(``spacy_pkuseg.pkuseg(model, user_dict=...)``) and returns its words unchanged, so the outputs
are the same bytes as with the segmenter in the build's own process.

The settings come from ``pipelines/nlp.cfg`` through :mod:`kg.config` (which reads it without
spaCy): ``[initialize.tokenizer]`` ``pkuseg_model`` and ``pkuseg_user_dict``, with
``$KG_PKUSEG_MODEL`` overriding the model folder.
"""
from __future__ import annotations

import contextlib
import io
import sys
from collections import deque
from pathlib import Path

from .. import errors

__all__ = ["PKUSEG_NOTICE", "SegmenterProcess", "check_model", "load_pkuseg"]

#: What spacy-pkuseg prints at every load of a model kept as ``features.pkl`` (the form pkuseg's
#: sdist ships; it loads in 2.6 s, the msgpack form in 4.6 s): nothing is wrong, so not shown.
PKUSEG_NOTICE = "WARNING: features.msgpack does not exist, try loading features.pkl"


def check_model(model_dir: Path) -> None:
    """Raise :class:`kg.errors.KGError` (E001) when ``model_dir`` holds no pkuseg model."""
    if not (Path(model_dir) / "weights.npz").exists():
        raise errors.KGError(errors.E001.format(path=model_dir))


def shown(printed: str) -> str:
    """What a model load printed, without spacy-pkuseg's :data:`PKUSEG_NOTICE`."""
    return "".join(line for line in printed.splitlines(keepends=True) if line.strip() != PKUSEG_NOTICE)


def load_pkuseg(model_dir: str | Path, user_dict: str | None):
    """The segmenter spaCy's Chinese tokenizer makes at ``initialize`` (user dictionary ``None``
    meaning the model's own), and what the load printed."""
    import spacy_pkuseg

    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=str(model_dir) if user_dict is None else user_dict)
    return seg, printed.getvalue()


def _serve(conn, other_end, model_dir: str, user_dict: str | None) -> None:
    """The child: load, say so, then answer each text with its words until the pipe closes."""
    import gc
    import signal

    other_end.close()  # the parent's end, inherited: open here, it would keep the pipe from closing
    # Ctrl-C reaches the whole process group: the build handles it, and closing the pipe ends this
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited by the fork
    try:
        try:
            seg, printed = load_pkuseg(model_dir, user_dict)
        except Exception as exc:  # the build reports it
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
            return
        gc.freeze()  # the model lives as long as this process
        conn.send(("ready", printed))
        while True:
            text = conn.recv_bytes().decode("utf-8", "surrogatepass")
            try:
                answer = ("ok", seg.cut(text))
            except Exception as exc:  # one text that breaks the segmenter fails only its page
                answer = ("failed", f"{type(exc).__name__}: {exc}")
            conn.send(answer)
    except (EOFError, OSError):  # the build closed the pipe, or ended
        return


class SegmenterProcess:
    """pkuseg in a forked child (see the module docstring), with the ``cut`` that spaCy's
    Chinese tokenizer calls.

    The child starts loading at once; :meth:`wait` returns when it has loaded and raises
    :class:`kg.errors.KGError` when it could not. :meth:`close` ends it (so does this process
    ending, or the pipe closing). Needs the ``fork`` start method.
    """

    def __init__(self, model_dir: str | Path, user_dict: str | None = "default"):
        import multiprocessing

        check_model(Path(model_dir))
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self._conn, str(model_dir), user_dict), name="kg-pkuseg", daemon=True)
        self._process.start()
        child.close()
        self._ready = False
        #: texts handed over by :meth:`ahead`, in order; the first is with the child when
        #: ``_in_flight`` (one at a time: a text is sent only to an idle child, so that neither
        #: end blocks writing a long text while the other writes too)
        self._ahead: deque[str] = deque()
        self._in_flight = False
        #: answers received for texts not cut yet, in the order sent
        self._done: dict[str, tuple[str, object]] = {}

    def _receive(self) -> tuple[str, object]:
        if self._process is None:
            raise errors.KGError(errors.E041.format(reason="it was closed"))
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            self._process.join(5)
            raise errors.KGError(errors.E041.format(reason=f"it ended (exit code {self._process.exitcode})")) from None

    def wait(self) -> None:
        """Return when the model is loaded; what the load printed, less the usual notice, goes
        to stderr (as spaCy's load in this process would print it)."""
        if self._process is None:
            raise errors.KGError(errors.E041.format(reason="it was closed"))
        if self._ready:
            return
        status, detail = self._receive()
        if status != "ready":
            raise errors.KGError(errors.E041.format(reason=detail))
        self._ready = True
        sys.stderr.write(shown(str(detail)))

    def _send(self, text: str) -> None:
        try:
            self._conn.send_bytes(text.encode("utf-8", "surrogatepass"))
        except OSError:  # a broken pipe: the child is gone, and the answer says how
            pass

    def _send_next(self) -> None:
        """Send the first text handed over and not sent yet, when the child is loaded and idle."""
        if self._ahead and not self._in_flight and self._ready:
            self._send(self._ahead[0])
            self._in_flight = True

    def _take(self) -> None:
        """Receive the answer in flight, and send the next text handed over, if any."""
        text = self._ahead.popleft()
        self._in_flight = False
        self._done[text] = self._receive()
        self._send_next()

    def ahead(self, text: str) -> None:
        """Have the child segment ``text`` as soon as it is free, while this process goes on;
        :meth:`cut` of the same text then takes the answer. A text handed over and never cut
        costs the child its time, and its answer is dropped when a later text is cut."""
        self._ahead.append(text)
        self._send_next()

    def cut(self, text: str) -> list[str]:
        """pkuseg's words of ``text``."""
        self.wait()
        self._send_next()  # (texts handed over while the model loaded)
        if text in self._ahead:
            while text not in self._done:
                self._take()
        elif self._in_flight:  # the pipe carries one text at a time
            self._take()
        if text in self._done:
            for other in list(self._done):  # those before it were handed over and never cut
                answer = self._done.pop(other)
                if other == text:
                    break
        else:
            self._send(text)
            answer = self._receive()
        status, payload = answer
        if status != "ok":
            raise RuntimeError(f"pkuseg failed: {payload}")
        return payload  # type: ignore[return-value]

    def close(self) -> None:
        """End the child (idempotent): a loaded one when it sees the pipe close, one still
        loading (it reads no pipe then) at once."""
        if self._process is None:
            return
        self._conn.close()
        if self._ready:
            self._process.join(5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        if self._process.is_alive():
            # (a child terminated in the instant after the fork, before it set its own SIGTERM
            # handler, runs the parent's, which does not end it)
            self._process.kill()
            self._process.join()
        self._process = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None
