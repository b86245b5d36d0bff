"""Read a long list in forked worker processes, each chunk exactly as one process would.

The workers inherit the function and the list through the fork, so only each chunk's bounds are sent
to them (pickling 100,000 registry scopes to the workers cost 0.3 s).

>>> map_chunks(len, list(range(10)), workers=1, min_items=5)
[10]
"""
from __future__ import annotations

import os
import threading

_JOB = None


def default_workers() -> int:
    """Every core, or ``CHAINMATCH_WORKERS``."""
    return max(1, int(os.environ.get("CHAINMATCH_WORKERS", os.cpu_count() or 1)))


def can_fork() -> bool:
    """Fork workers only from a single-threaded process (the command line): a fork of the app's threaded
    server could copy a held lock, and spawn would re-run the caller's script in every worker."""
    import multiprocessing
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def map_chunks(function, items: list, workers: int | None, min_items: int, chunks_per_worker: int = 1) -> list:
    """``[function(chunk) for chunk in items split into workers × chunks_per_worker pieces]``, in order, read by
    ``workers`` forked processes (None: ``default_workers()``) — or ``[function(items)]`` here when there is one
    worker, fewer than ``min_items`` items (forking would cost more than it saves) or forking is not safe."""
    global _JOB
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(items) < min_items or not can_fork():
        return [function(items)]
    size = max(1, -(-len(items) // (workers * chunks_per_worker)))
    starts = range(0, len(items), size)
    _JOB = (function, items)
    try:
        with _fork_pool(workers) as pool:
            return list(pool.map(_run, starts, [size] * len(starts)))
    finally:
        _JOB = None


def _fork_pool(workers: int):
    """A pool whose workers are forks of this process (they inherit ``_JOB`` as it is when the first task is given)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def _run(start: int, size: int):
    function, items = _JOB
    return function(items[start:start + size])


def _run_whole():
    function, args = _JOB
    return function(*args)


class Background:
    """``function(*args)`` in one forked process while the caller goes on; ``result()`` waits for it. Where
    forking is not safe (see ``can_fork``) or there is one core, the call runs here when ``result()`` is first
    asked for. The result comes back pickled, so it should be small (a fitted text reader is about 1 MB).
    Used as a context, it waits for the process on leaving, whether or not its result was asked for.

    >>> with Background(sum, [1, 2, 3]) as total:
    ...     total.result()
    6
    """

    def __init__(self, function, *args):
        global _JOB
        self._call, self._done, self._pool, self._future = (function, args), False, None, None
        if can_fork() and default_workers() > 1:
            self._pool = _fork_pool(1)
            _JOB = (function, args)  # inherited by the fork, which submit makes: arguments are not pickled
            try:
                self._future = self._pool.submit(_run_whole)
            finally:
                _JOB = None

    def result(self):
        if not self._done:
            function, args = self._call
            self._value = function(*args) if self._future is None else self._future.result()
            self._done, self._call = True, None
        return self._value

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
