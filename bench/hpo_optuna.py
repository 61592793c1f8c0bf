#!/usr/bin/python3
"""Optuna peer of Ares' libs/hpo, for bench/hpo.bench.ts (Debian's python3-optuna, 3.1).

Usage: hpo_optuna.py <command> <input.json>; prints one JSON line (the last).

  check     {"points": {"<problem>": [[x...], ...]}} -> the problems' values at those points (both sides must agree).
  quality   {"jobs": [{"problem", "sampler": "tpe"|"random", "mode": "sequential"|"batch", "seed", "trials",
            "batch", "multivariate"}], "budgets": [25, 50, 100]} -> per job the best value after each budget.
            Optuna's ask/tell interface, in-memory storage; TPESampler(seed=s, n_startup_trials=10,
            constant_liar=(mode == "batch"), multivariate=...), RandomSampler(seed=s). Batch mode asks `batch`
            trials (suggesting every parameter) before telling them, in order.
  ask-cost  {"problem", "told": [{"params": {...}, "value"}], "sizes": [100, 1000], "asks": {"100": K, ...}}
            -> mean ms per ask with the first n trials told (added with create_trial), TPE univariate.
            An "ask" is study.ask() + suggest_float for every parameter (Optuna samples at suggest time); asked
            trials are never told, so every ask sees exactly n told trials (no constant liar: running trials are
            ignored by the sampler).
"""
import json
import math
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings('ignore', category=optuna.exceptions.ExperimentalWarning)


def branin(x):
    x1, x2 = x
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
H6_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H6_P = [[p * 1e-4 for p in row] for row in [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]]


def hartmann6(x):
    return -sum(H6_ALPHA[i] * math.exp(-sum(H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2 for j in range(6))) for i in range(4))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def ackley(x):
    d = len(x)
    squares = sum(v * v for v in x) / d
    cosines = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(squares)) - math.exp(cosines) + 20 + math.e


# name -> (function, [(low, high)] per parameter x0, x1, ...), as bench/hpo-problems.ts
PROBLEMS = {
    'branin': (branin, [(-5, 10), (0, 15)]),
    'hartmann6': (hartmann6, [(0, 1)] * 6),
    'rosenbrock4': (rosenbrock, [(-5, 10)] * 4),
    'ackley5': (ackley, [(-32.768, 32.768)] * 5),
}


def suggest(trial, bounds):
    return [trial.suggest_float(f'x{k}', low, high) for k, (low, high) in enumerate(bounds)]


def run_job(job, budgets):
    f, bounds = PROBLEMS[job['problem']]
    seed = job['seed']
    if job['sampler'] == 'tpe':
        sampler = optuna.samplers.TPESampler(
            seed=seed, n_startup_trials=10, constant_liar=job['mode'] == 'batch', multivariate=job.get('multivariate', False))
    else:
        sampler = optuna.samplers.RandomSampler(seed=seed)
    study = optuna.create_study(sampler=sampler, direction='minimize')
    batch = job['batch'] if job['mode'] == 'batch' else 1
    values = []
    started = time.perf_counter()
    while len(values) < job['trials']:
        asked = []
        for _ in range(min(batch, job['trials'] - len(values))):
            trial = study.ask()
            asked.append((trial, suggest(trial, bounds)))
        for trial, x in asked:
            value = f(x)
            study.tell(trial, value)
            values.append(value)
    seconds = time.perf_counter() - started
    best = [min(values[:b]) for b in budgets]
    return {'best': best, 'seconds': seconds}


def ask_cost(spec):
    f, bounds = PROBLEMS[spec['problem']]
    distributions = {f'x{k}': optuna.distributions.FloatDistribution(low, high) for k, (low, high) in enumerate(bounds)}
    out = {}
    for n in spec['sizes']:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1, n_startup_trials=10), direction='minimize')
        study.add_trials([
            optuna.trial.create_trial(params=t['params'], distributions=distributions, value=t['value']) for t in spec['told'][:n]
        ])
        asks = spec['asks'][str(n)]
        times = []
        for _ in range(asks):
            started = time.perf_counter()
            trial = study.ask()
            suggest(trial, bounds)
            times.append((time.perf_counter() - started) * 1000)
        out[str(n)] = {'meanMs': sum(times) / len(times), 'runsMs': times}
    return out


def main():
    command = sys.argv[1]
    with open(sys.argv[2]) as handle:
        spec = json.load(handle)
    report = {'optuna': optuna.__version__}
    if command == 'check':
        report['values'] = {name: [PROBLEMS[name][0](x) for x in points] for name, points in spec['points'].items()}
    elif command == 'quality':
        report['results'] = [run_job(job, spec['budgets']) for job in spec['jobs']]
    elif command == 'ask-cost':
        report['askCost'] = ask_cost(spec)
    else:
        raise SystemExit(f'unknown command {command}')
    print(json.dumps(report))


if __name__ == '__main__':
    main()
