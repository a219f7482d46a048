"""Forked workers: every task done once, each worker's share in order, then helping others;
one piece of work aside in a process of its own."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from carnet.publishing import workers
from carnet.publishing.workers import Aside, in_workers

# pytest-xdist runs tests beside threads of its own; `carnet build` forks from a process
# without threads.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


def square_with_pid(number: int) -> tuple[int, int, int]:
    return number, number * number, os.getpid()


def fail_on_seven(number: int) -> int:
    if number == 7:
        raise OSError(28, "No space left on device")
    return number


@pytest.mark.parametrize(("count", "processes"), [(1, 2), (10, 2), (11, 3), (50, 2)])
def test_every_task_is_done_once(count, processes):
    results = list(in_workers(square_with_pid, list(range(count)), processes))
    assert sorted((n, s) for n, s, _pid in results) == [(n, n * n) for n in range(count)]


def test_the_work_is_shared_between_processes_other_than_this_one():
    pids = {pid for _n, _s, pid in in_workers(square_with_pid, list(range(40)), 2)}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_one_process_does_the_work_here():
    pids = {pid for _n, _s, pid in in_workers(square_with_pid, list(range(5)), 1)}
    assert pids == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(OSError, match="No space left"):
        list(in_workers(fail_on_seven, list(range(20)), 2))


def test_a_worker_takes_its_own_share_in_order_then_the_end_of_the_largest_other(monkeypatch):
    shares = multiprocessing.Array("i", [0, 3, 3, 8])  # worker 0: tasks 0-2, worker 1: 3-7
    monkeypatch.setattr(workers, "_bounds", shares)
    monkeypatch.setattr(workers, "_worker", 0)
    taken = [workers._take() for _ in range(6)]
    assert taken == [0, 1, 2, 7, 6, 5]
    assert list(shares) == [3, 3, 3, 5]  # worker 1 still has tasks 3 and 4


def test_work_aside_is_done_in_another_process_while_this_one_goes_on():
    aside = Aside(square_with_pid, 9)
    assert aside.result()[:2] == (9, 81)
    assert Aside(square_with_pid, 3).result()[2] != os.getpid()


def test_an_error_aside_reaches_the_caller():
    with pytest.raises(OSError, match="No space left"):
        Aside(fail_on_seven, 7).result()


def exit_at_once(_task: object) -> None:
    os._exit(3)


def test_a_process_aside_that_dies_is_an_error_not_a_wait():
    with pytest.raises(RuntimeError, match="ended with code 3"):
        Aside(exit_at_once, None).result()


def sleep_long(_task: object) -> None:
    time.sleep(60)


def test_work_aside_that_is_no_longer_wanted_is_stopped():
    aside = Aside(sleep_long, None)
    aside.stop()
    assert aside._process.exitcode is not None
