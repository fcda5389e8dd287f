"""Benchmark registry and timer."""

import statistics
import time

BENCHES = []


def bench(func):
    BENCHES.append(func)
    return func


def timed(func, repeat: int = 7) -> float:
    """Median wall time of ``repeat`` runs, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
