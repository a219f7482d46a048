"""Forked worker processes that each take a contiguous share of the build's tasks.

Neighbouring tasks share work: an edition's listing pages show the same posts, whose excerpts
a worker renders once and keeps (see `excerpt` in carnet/theme/environment.py). A pool handing
tasks to whichever worker is free spreads every listing over every worker, and each renders
nearly every excerpt again. Here each worker works through its own share, in order, and then
helps the worker with the most left, from the far end of that worker's share.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connections

# Set before the workers are forked, read in each of them.
_work: Callable[[Any], Any] | None = None
_tasks: Sequence[Any] = ()
_bounds: Any = None  # [next, end] of each worker's share, in shared memory
_worker = 0


def in_workers(work: Callable[[Any], Any], tasks: Sequence[Any], workers: int) -> Iterator[Any]:
    """`work(task)` for every task, in `workers` processes; results as they come."""
    global _work, _tasks, _bounds
    if workers <= 1 or len(tasks) <= 1:
        yield from map(work, tasks)
        return
    context = multiprocessing.get_context("fork")
    shares = [(k * len(tasks) // workers, (k + 1) * len(tasks) // workers) for k in range(workers)]
    _work, _tasks = work, tasks
    _bounds = context.Array("i", [i for share in shares for i in share])
    counter = context.Value("i", 0)
    connections.close_all()  # each worker opens its own connection after the fork
    # The parent's objects are read-only from here: the collector need not walk them in every
    # worker, which would also copy each of their memory pages into it (copy-on-write).
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_start, initargs=(counter,)) as pool:
            # One call per task; each call takes whichever task its worker should do next.
            yield from pool.imap_unordered(_next, range(len(tasks)))
    finally:
        gc.unfreeze()
        _work, _tasks, _bounds = None, (), None


def _start(counter: Any) -> None:
    global _worker
    for connection in connections.all(initialized_only=True):
        connection.close()
    with counter.get_lock():
        _worker, counter.value = counter.value, counter.value + 1


def _next(_call: int) -> Any:
    return _work(_tasks[_take()])


def _take() -> int:
    """The index of this worker's next task: its own share first, then another's last task."""
    with _bounds.get_lock():
        mine = 2 * _worker
        if _bounds[mine] < _bounds[mine + 1]:
            _bounds[mine] += 1
            return _bounds[mine] - 1
        # There are as many calls as tasks, so some share still has a task left.
        other = max(range(0, len(_bounds), 2), key=lambda i: _bounds[i + 1] - _bounds[i])
        _bounds[other + 1] -= 1
        return _bounds[other + 1]
