"""Forked worker processes that each take a contiguous share of the build's tasks.

Neighbouring tasks share work: an edition's listing pages show the same posts, whose excerpts
a worker renders once and keeps (see `excerpt` in carnet/theme/environment.py). A pool handing
tasks to whichever worker is free spreads every listing over every worker, and each renders
nearly every excerpt again. Here each worker works through its own share, in order, and then
helps the worker with the most left, from the far end of that worker's share.

`Aside` runs one piece of work in a process of its own while the parent goes on with another.
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
    _close_inherited_connections()
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


class Aside:
    """`work(task)` in one forked process, started at once; `result()` waits for its value.

    For work that needs none of what the parent does next: it goes on while the parent works.
    """

    def __init__(self, work: Callable[[Any], Any], task: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        connections.close_all()  # the process opens its own connection
        self._process = context.Process(target=_send_result, args=(work, task, sending))
        self._process.start()
        sending.close()

    def result(self) -> Any:
        """What `work(task)` returned; what it raised is raised here."""
        try:
            succeeded, value = self._receiving.recv()
        except EOFError:
            raise RuntimeError(f"the process ended with code {self._wait()}") from None
        self._wait()
        if not succeeded:
            raise value
        return value

    def stop(self) -> None:
        """End the process if it is still at work (the parent gave up on its result)."""
        if self._process.is_alive():
            self._process.terminate()
        self._wait()

    def _wait(self) -> int | None:
        self._process.join()
        self._receiving.close()
        return self._process.exitcode


def _send_result(work: Callable[[Any], Any], task: Any, sending: Any) -> None:
    _close_inherited_connections()
    try:
        outcome = (True, work(task))
    except Exception as error:  # given to the parent, which raises it
        outcome = (False, error)
    try:
        sending.send(outcome)
    except Exception as error:  # a result or error that cannot be pickled
        sending.send((False, RuntimeError(f"{error!r} in a forked process")))


def _close_inherited_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()
