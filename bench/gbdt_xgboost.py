#!/usr/bin/python3
"""XGBoost peer of Ares' histogram GBDT (libs/gbdt), for bench/gbdt.bench.ts.

Reads the datasets the TypeScript side wrote (<dir>/gbdt.json + raw little-endian float64 .bin files, one per
split: the feature columns one after another, then the 0/1 label), trains XGBoost with the same parameters (hist,
256 bins, depth 6, eta 0.1, lambda 1, min_child_weight 1, depthwise, 200 rounds) at nthread 1 and 2, predicts the
test set, scores it with scikit-learn, and writes the test probabilities to <dir>/<name>.xgboost.bin.

Timings, best of `rounds`:
  trainMs    DMatrix(X, y) + xgb.train: from raw columns to a model, like Ares' trainGbdt (which bins inside);
             dmatrixMs is the DMatrix part alone.
  predictMs  booster.inplace_predict(X) at nthread 1: from raw columns to probabilities, like Ares' predictProba;
             predictDMatrixMs is DMatrix(X) + booster.predict, for reference.

Usage: gbdt_xgboost.py <dir> [rounds] [predict_rounds]. Prints one JSON line (the last) keyed by dataset name.

Ensemble-inference peer (bench/gbdt-ensemble.ts): gbdt_xgboost.py --ensemble <dir> [predict_rounds] reads
<dir>/ensemble.json, trains ONE booster with as many trees as the Ares ensemble has (same depth, eta, subsample and
colsample, on the same rows), and times inplace_predict on the same scoring rows at nthread 1 and 2. Only the
prediction time is the comparison: the model's quality does not enter it.
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.metrics import log_loss, roc_auc_score

from bench_stats import best_of  # beside this script, which Python puts on sys.path

N_ESTIMATORS = 200


def params(nthread, seed):
    return {
        'objective': 'binary:logistic',
        'tree_method': 'hist',
        'max_bin': 256,
        'max_depth': 6,
        'eta': 0.1,
        'lambda': 1.0,
        'alpha': 0.0,
        'gamma': 0.0,
        'min_child_weight': 1.0,
        'grow_policy': 'depthwise',
        'subsample': 1.0,
        'colsample_bytree': 1.0,
        'nthread': nthread,
        'seed': seed,
        'verbosity': 0,
    }


def read_split(directory, entry, features):
    raw = np.fromfile(directory / entry['file'], dtype='<f8')
    n = entry['rows']
    assert raw.size == (features + 1) * n, f"{entry['file']}: {raw.size} values, expected {(features + 1) * n}"
    # Column-major on disk: (features, n) row-major is the transpose of the (n, features) matrix, so .T is a view.
    x = raw[:features * n].reshape(features, n).T
    y = raw[features * n:]
    return x, y


def run_dataset(directory, header, rounds, predict_rounds, seed):
    features = len(header['featureNames'])
    x_train, y_train = read_split(directory, header['train'], features)
    x_test, y_test = read_split(directory, header['test'], features)
    out = {'trainRows': int(x_train.shape[0]), 'testRows': int(x_test.shape[0]), 'features': features}

    def train(nthread):
        dtrain = xgb.DMatrix(x_train, label=y_train, nthread=nthread)
        return xgb.train(params(nthread, seed), dtrain, num_boost_round=N_ESTIMATORS)

    models = {}
    for nthread in (1, 2):
        ms, runs, booster = best_of(rounds, lambda: train(nthread))
        dm_ms, _, _ = best_of(1, lambda: xgb.DMatrix(x_train, label=y_train, nthread=nthread))
        out[f'trainMs{nthread}t'] = ms
        out[f'trainRunsMs{nthread}t'] = runs
        out[f'dmatrixMs{nthread}t'] = dm_ms
        models[nthread] = booster

    booster = models[1]
    booster.set_param({'nthread': 1})
    predict_ms, predict_runs, proba = best_of(predict_rounds, lambda: booster.inplace_predict(x_test))
    dm_predict_ms, _, proba_dm = best_of(predict_rounds, lambda: booster.predict(xgb.DMatrix(x_test, nthread=1)))
    proba = np.asarray(proba, dtype=np.float64)
    out['predictMs'] = predict_ms
    out['predictRunsMs'] = predict_runs
    out['predictDMatrixMs'] = dm_predict_ms
    out['predictPathsMaxDiff'] = float(np.max(np.abs(proba - proba_dm)))
    out['auc'] = float(roc_auc_score(y_test, proba))
    out['logloss'] = float(log_loss(y_test, proba, labels=[0, 1]))
    proba2 = np.asarray(models[2].inplace_predict(x_test), dtype=np.float64)
    out['auc2t'] = float(roc_auc_score(y_test, proba2))
    out['maxDiff1t2t'] = float(np.max(np.abs(proba - proba2)))
    out['trainAuc'] = float(roc_auc_score(y_train, booster.inplace_predict(x_train)))
    np.ascontiguousarray(proba, dtype='<f8').tofile(directory / f"{header['name']}.xgboost.bin")

    ares = header.get('aresPredictions')
    if ares:
        ares_proba = np.fromfile(directory / ares, dtype='<f8')
        out['aresAucSklearn'] = float(roc_auc_score(y_test, ares_proba))
        out['aresLoglossSklearn'] = float(log_loss(y_test, ares_proba, labels=[0, 1]))
    return out


def leaf_stats(booster):
    """Leaves and their mean depth, from the text dump (a node's depth = its leading tabs)."""
    depths = [len(line) - len(line.lstrip('\t'))
              for tree in booster.get_dump() for line in tree.splitlines() if 'leaf=' in line]
    return len(depths), float(np.mean(depths)) if depths else 0.0


def run_ensemble(directory, predict_rounds):
    header = json.loads((directory / 'ensemble.json').read_text())
    features = len(header['featureNames'])
    x_train, y_train = read_split(directory, header['train'], features)
    x_score, _ = read_split(directory, header['score'], features)
    p = {**params(2, header['seed']), 'max_depth': header['maxDepth'], 'eta': header['eta'],
         'subsample': header['subsample'], 'colsample_bytree': header['colsampleByTree'],
         'min_child_weight': header['minChildWeight']}
    train_ms, _, booster = best_of(1, lambda: xgb.train(
        p, xgb.DMatrix(x_train, label=y_train, nthread=2), num_boost_round=header['trees']))
    leaves, mean_depth = leaf_stats(booster)
    out = {'trees': booster.num_boosted_rounds(), 'leaves': leaves, 'meanLeafDepth': mean_depth, 'trainMs': train_ms}
    for nthread in (1, 2):
        booster.set_param({'nthread': nthread})
        booster.inplace_predict(x_score)  # untimed warm-up, as the ONNX sessions get
        ms, runs, _ = best_of(predict_rounds, lambda: booster.inplace_predict(x_score))
        out[f'predictMs{nthread}t'] = ms
        out[f'predictRunsMs{nthread}t'] = runs
    return out


def main():
    if sys.argv[1] == '--ensemble':
        rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        print(json.dumps(run_ensemble(Path(sys.argv[2]), rounds)))
        return
    directory = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    predict_rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    header = json.loads((directory / 'gbdt.json').read_text())
    report = {'xgboost': xgb.__version__, 'sklearn': sklearn.__version__, 'numpy': np.__version__}
    for dataset in header['datasets']:
        report[dataset['name']] = run_dataset(directory, dataset, rounds, predict_rounds, header.get('seed', 0))
    print(json.dumps(report))


if __name__ == '__main__':
    main()
