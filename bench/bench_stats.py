"""Timing helper shared by the Python peers of the benches (the twin of bench/bench-stats.ts)."""
import time


def best_of(rounds, task):
    """Runs task `rounds` times; returns (best ms, every run's ms, the last result)."""
    times = []
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = task()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), times, result
