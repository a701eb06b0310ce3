"""The interpreter is released while a batch is computed: other Python threads run."""

import threading
import time
from decimal import Decimal

import hrrules


def heavy_plan(steps: int = 400) -> hrrules.Plan:
    """A policy whose one employee takes `steps` money values, each from the one before: its
    evaluation costs much more than reading its one input and writing its one output, so a
    batch's time is mostly spent computing."""
    lines = ["[policy]", 'name = "heavy"', "[inputs]", 'x = "money"', "[values]",
             'v0 = { expr = "x", type = "money" }']
    for i in range(1, steps + 1):
        lines.append(f'v{i} = {{ expr = "v{i - 1} * 1.01 + x / 7", type = "money" }}')
    lines += ["[outputs]", f'show = ["v{steps}"]']
    return hrrules.Policy.from_source("\n".join(lines) + "\n", "heavy.toml").plan("2023-09")


def test_other_threads_run_during_evaluate_many():
    plan = heavy_plan()
    n = 2000
    while True:
        rows = [{"x": Decimal(i % 1000 + 1)} for i in range(n)]
        ticks = []
        stop = threading.Event()

        def tick():
            # Python code: it can run only while no other thread holds the interpreter.
            while not stop.is_set():
                ticks.append(time.perf_counter())
                time.sleep(0.001)

        ticker = threading.Thread(target=tick)
        ticker.start()
        time.sleep(0.02)
        start = time.perf_counter()
        results = plan.evaluate_many(rows)
        end = time.perf_counter()
        stop.set()
        ticker.join()
        took = end - start
        if took >= 0.1 or n >= 256_000:
            break
        n *= 2
    assert len(results) == n and all(r.ok for r in results)
    assert results[0].figures == plan.evaluate({"x": Decimal(1)})
    # Holding the interpreter, the call would let the ticker run only around its start and its
    # end (one switch interval, 5 ms); released while computing, the ticker runs throughout.
    middle = [t for t in ticks if start + 0.3 * took < t < start + 0.7 * took]
    assert middle, f"no tick in the middle of a {took:.3f} s batch of {n}: the interpreter was held"
