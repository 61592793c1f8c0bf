"""numpy peer of bench/stats-bootstrap.ts: per stationary-bootstrap path, final compounded return, Sharpe, max drawdown.

Usage: /usr/bin/python3 bench/stats_bootstrap.py DIR ROUNDS
DIR holds header.json ({"bars", "paths", "expectedBlock", "seed"}), returns.bin (float64 LE, `bars` values) and indices.bin (int32 LE,
`paths` x `bars`, path after path: the very indices Ares drew). Writes results.bin (float64 LE: every path's final
return, then every Sharpe, then every max drawdown) and prints one JSON line {"numpyMs", "runsMs", "numpy",
"chunk", "numpyIndexMs"}. Only the computation from the in-memory indices is timed (not reading the files), best
of ROUNDS. numpyIndexMs, for context only: numpy drawing its own stationary-bootstrap indices of the same shape and
mean block (vectorised across paths, one bar at a time; other random numbers, so not used for the comparison).

Conventions (as in the TypeScript): equity starts at 1 and is multiplied by (1 + r) bar by bar; final return =
equity - 1; Sharpe = mean / sample std (ddof 1) of the resampled returns, per bar; max drawdown =
max over bars of 1 - equity / running peak, the peak including the starting equity 1.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_stats import best_of  # noqa: E402

# Paths per vectorised chunk: 128 x 4,380 float64 = 4.5 MB per temporary. On the 2-core dev machine 32..128 were the
# fastest (within noise of each other), 512 ~15 % slower and one 10,000-path block (350 MB temporaries) ~30 % slower.
CHUNK = 128


def path_statistics(returns, indices):
    paths = indices.shape[0]
    final = np.empty(paths)
    sharpe = np.empty(paths)
    drawdown = np.empty(paths)
    for start in range(0, paths, CHUNK):
        stop = min(start + CHUNK, paths)
        r = returns[indices[start:stop]]
        equity = np.cumprod(1 + r, axis=1)
        final[start:stop] = equity[:, -1] - 1
        sharpe[start:stop] = r.mean(axis=1) / r.std(axis=1, ddof=1)
        peak = np.maximum(np.maximum.accumulate(equity, axis=1), 1.0)
        drawdown[start:stop] = np.max(1 - equity / peak, axis=1)
    return final, sharpe, drawdown


def stationary_indices(bars, paths, expected_block, seed):
    """Politis & Romano index paths, (paths, bars) int32: continue the block with probability 1 - 1/b, else jump."""
    rng = np.random.default_rng(seed)
    stay = 1 - 1 / expected_block
    by_bar = np.empty((bars, paths), dtype=np.int32)
    by_bar[0] = rng.integers(0, bars, paths)
    for t in range(1, bars):
        following = by_bar[t - 1] + 1
        following[following == bars] = 0
        by_bar[t] = np.where(rng.random(paths) < stay, following, rng.integers(0, bars, paths))
    return np.ascontiguousarray(by_bar.T)


def main():
    directory, rounds = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(directory, "header.json")) as f:
        header = json.load(f)
    bars, paths = header["bars"], header["paths"]
    returns = np.fromfile(os.path.join(directory, "returns.bin"), dtype="<f8")
    indices = np.fromfile(os.path.join(directory, "indices.bin"), dtype="<i4").reshape(paths, bars)
    assert returns.shape == (bars,)
    ms, runs, (final, sharpe, drawdown) = best_of(rounds, lambda: path_statistics(returns, indices))
    np.concatenate([final, sharpe, drawdown]).astype("<f8").tofile(os.path.join(directory, "results.bin"))
    index_ms, _, _ = best_of(rounds, lambda: stationary_indices(bars, paths, header["expectedBlock"], header["seed"]))
    report = {"numpyMs": ms, "runsMs": runs, "numpy": np.__version__, "chunk": CHUNK, "numpyIndexMs": index_ms}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
