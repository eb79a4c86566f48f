"""Writing staged batches on a second thread while the next batch is read.

The reading loop (cells → staged tuples) is Python and holds the GIL; the merge of a batch
into the book is set-based SQL, and SQLite runs a statement without the GIL. So the
importer hands each staged batch to ``BatchPipeline.put`` and goes on reading; a worker
thread merges it (and, for a large first import, writes it to the staging table first),
on the import's connection, one statement at a time.

While a pipeline runs, the interpreter's switch interval is 0.5 ms instead of 5: each
statement the worker runs gives the GIL back and needs it again to return, and with the
reading thread always busy each of those waits would otherwise last a full interval (a
million-row import runs some thousands of statements).

At most ``depth`` batches wait in the queue (memory stays bounded). An error in the worker
is raised in the reading thread at its next ``put`` or when the pipeline closes; leaving
the ``with`` block (normally, on Cancel or on an error) always waits for the worker to stop,
so the caller may roll back at once.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

Batch = list[tuple[Any, ...]]

_STOP: Any = object()
SWITCH_INTERVAL = 0.0005

_switch_lock = threading.Lock()
_switch_users = 0
_switch_before = 0.005


class BatchPipeline:
    """``handle(batch)`` for each batch, in order, on one worker thread."""

    def __init__(self, handle: Callable[[Batch], None], *, depth: int = 2) -> None:
        self._handle = handle
        self._queue: queue.Queue[Batch] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="import-merge", daemon=True)

    def __enter__(self) -> BatchPipeline:
        _short_switches(True)
        try:
            self._thread.start()
        except BaseException:
            _short_switches(False)
            raise
        return self

    def put(self, batch: Batch) -> None:
        """Queue a batch (waits while ``depth`` batches are queued); raises the worker's
        error if it has failed."""
        self._raise_error()
        self._queue.put(batch)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._queue.put(_STOP)
            self._thread.join()
        finally:
            _short_switches(False)
        if exc is None:
            self._raise_error()

    def _raise_error(self) -> None:
        error = self._error
        if error is not None:
            raise error

    def _work(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is _STOP:
                return
            if self._error is not None:
                continue  # failed: drain until the reading thread closes the pipeline
            try:
                self._handle(batch)
            except BaseException as exc:  # handed to the reading thread
                self._error = exc


def _short_switches(on: bool) -> None:
    """Shorten the switch interval while any pipeline runs (counted); restore it after."""
    global _switch_users, _switch_before
    with _switch_lock:
        if on:
            _switch_users += 1
            if _switch_users == 1:
                _switch_before = sys.getswitchinterval()
                sys.setswitchinterval(min(SWITCH_INTERVAL, _switch_before))
        else:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_before)
