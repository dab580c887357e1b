"""The GIL is released while the engine embeds, searches and dreams, and
one Memory serves several threads.

How the GIL check works: the switch interval is raised to 10 s, so a thread
waiting for the GIL cannot take it by force during the test. A worker
thread calls the engine; the main thread counts the loop turns it gets to
run while the worker is inside the call. If the call held the GIL, the main
thread could not run at all until it returned: the count would be 0. The
control (a C builtin that holds the GIL) shows the count is 0 then."""

import sys
import threading
import time

import pytest

import dreamdb


def turns_during(call, attempts: int = 1) -> int:
    """Main-thread loop turns that ran while a worker thread was inside `call`."""
    best = 0
    for _ in range(attempts):
        state = {"inside": False, "done": False, "error": None}

        def worker():
            state["inside"] = True
            try:
                call()
            except BaseException as e:  # reported below
                state["error"] = e
            state["inside"] = False
            state["done"] = True

        old = sys.getswitchinterval()
        sys.setswitchinterval(10.0)
        try:
            t = threading.Thread(target=worker)
            t.start()
            turns, n, deadline = 0, 0, time.monotonic() + 120
            while not state["done"] and time.monotonic() < deadline:
                n += 1
                if state["inside"]:
                    turns += 1
                if n % 100 == 0:
                    time.sleep(0.001)  # let the worker have the GIL back
            t.join()
        finally:
            sys.setswitchinterval(old)
        if state["error"] is not None:
            raise state["error"]
        best = max(best, turns)
        if best > 0:
            break
    return best


def test_the_check_sees_a_call_that_holds_the_gil():
    assert turns_during(lambda: sum(range(20_000_000))) == 0


def test_embedding_search_and_dreaming_release_the_gil(mem):
    texts = [f"Note {i}: the build server in rack {i % 7} was rebooted after a kernel update." for i in range(96)]
    assert turns_during(lambda: mem.remember_batch(texts)) > 0
    assert mem.stats()["entries"] == 96
    long_query = " ".join(["which rack had its build server rebooted after the kernel update"] * 12)
    assert turns_during(lambda: mem.recall(long_query, 10), attempts=5) > 0
    assert turns_during(lambda: mem.dream(dry_run=True), attempts=5) > 0


def test_one_memory_serves_many_threads(mem):
    ids = mem.remember_batch([f"Server {i} runs in data centre {i}." for i in range(20)])
    results: dict[int, int] = {}
    errors: list[BaseException] = []

    def ask(i: int):
        try:
            results[i] = mem.recall(f"Server {i} runs in data centre {i}.", 1, mode="lexical")[0].id
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == dict(enumerate(ids))


def test_close_waits_for_calls_in_flight(store, model_dir):
    m = dreamdb.Memory(store, model_dir)
    m.remember_batch([f"fact number {i} about the cluster" for i in range(50)])
    started = threading.Event()
    out: list = []

    def slow():
        started.set()
        try:
            out.append(len(m.recall("cluster fact", 50)))
        except dreamdb.Closed:
            out.append("closed")

    t = threading.Thread(target=slow)
    t.start()
    started.wait()
    m.close()
    t.join()
    # The recall either finished before close took the store, or saw it closed.
    assert out in ([50], ["closed"]) and m.closed
    with dreamdb.Memory(store, model_dir) as again:
        assert again.stats()["entries"] == 50
