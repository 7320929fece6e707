#!/usr/bin/python3
"""Peer measurements for `misuselab bench`: xgboost and scikit-learn on the same Adult files and
hyperparameters as MisuseLab's defaults, on the same machine, in the same run.

Run with Debian's python3 (python3-xgboost, python3-sklearn; `.ci/install-deps --bench` installs them):
    /usr/bin/python3 bench/peers.py --data-dir DIR [--threads 2] [--repeats 3]
Prints one JSON object. Every timing is the best (minimum) of --repeats runs after one warm-up, like the
C# side; permutation importance skips the warm-up because the fitted model has already predicted the test set.

Fairness notes (each matches what `misuselab bench` times on its side):
- xgboost training includes building the DMatrix: xgboost `hist` caches its quantised matrix on the DMatrix, so
  reusing one DMatrix across runs would leave binning out of xgboost's time while ours includes BinMapper.
- Same trees, leaves, learning rate, bins (255), L2 λ = 1 and min hessian per leaf (1e-3) as GbdtOptions.
- Threads: xgboost's nthread and OpenMP's OMP_NUM_THREADS (scikit-learn's HistGradientBoosting and its
  predictions) are both set to --threads before numpy is imported.
- OMP_WAIT_POLICY defaults to PASSIVE (an explicit setting is kept): OpenMP threads that spin while waiting lose
  their core to the other jobs of a loaded machine, and then every barrier waits a scheduler slice. Measured at
  load 50 on 2 cores: xgboost training took 29-73 s spinning and 2.3 s passive, so spinning would flatter us
  10-30x. On an idle machine, OMP_WAIT_POLICY=ACTIVE gives the peers their usual spin-waiting.
"""
import argparse
import csv
import json
import os
import sys
import time

NUMERIC = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"}
COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
           "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country"]


def read_adult(path, skip_first_line):
    rows, labels = [], []
    with open(path, newline="") as f:
        reader = csv.reader(f, skipinitialspace=True)
        if skip_first_line:
            next(reader)
        for record in reader:
            if not record or not record[0].strip():
                continue
            rows.append(record[:14])
            labels.append(1 if record[14].rstrip(".") == ">50K" else 0)
    return rows, labels


def encode(train_rows, test_rows, np):
    """Numeric columns as floats, categorical columns as codes of the sorted training categories; '?' is NaN."""
    def column(rows, j):
        return [r[j] for r in rows]
    train_cols, test_cols = [], []
    for j, name in enumerate(COLUMNS):
        tr, te = column(train_rows, j), column(test_rows, j)
        if name in NUMERIC:
            train_cols.append([float("nan") if v == "?" else float(v) for v in tr])
            test_cols.append([float("nan") if v == "?" else float(v) for v in te])
        else:
            codes = {c: i for i, c in enumerate(sorted({v for v in tr if v != "?"}))}
            train_cols.append([float("nan") if v == "?" else float(codes[v]) for v in tr])
            test_cols.append([float(codes[v]) if v in codes else float("nan") for v in te])
    return np.array(train_cols).T.copy(), np.array(test_cols).T.copy()


def best_of(repeats, fn, warm_up=True):
    """(wall seconds, process CPU seconds) of the fastest of `repeats` runs. CPU time is of every thread of this
    process, so on a machine other jobs load it shows the work done where the wall time shows the wait too."""
    if warm_up:
        fn()
    best, cpu = float("inf"), float("nan")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    return best, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--leaves", type=int, default=20)
    parser.add_argument("--learning-rate", type=float, default=0.2)
    parser.add_argument("--min-leaf-rows", type=int, default=10)
    parser.add_argument("--pfi-repeats", type=int, default=5)
    parser.add_argument("--min-hessian", type=float, default=1e-3)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1; found {args.repeats}")
    # Forced, not defaulted: an inherited OMP_NUM_THREADS would silently change the peers' thread count.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    try:
        import numpy as np
        import sklearn
        import xgboost as xgb
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.inspection import permutation_importance
        from sklearn.metrics import roc_auc_score
    except ImportError as e:
        sys.stderr.write(f"peers.py: {e}. Install the peers with `bash .ci/install-deps --bench` "
                         "(Debian: python3-xgboost python3-sklearn python3-numpy) or run `misuselab bench --skip-peers`.\n")
        sys.exit(3)

    train_rows, y_train = read_adult(os.path.join(args.data_dir, "adult.data"), False)
    test_rows, y_test = read_adult(os.path.join(args.data_dir, "adult.test"), True)
    X_train, X_test = encode(train_rows, test_rows, np)
    y_train, y_test = np.array(y_train), np.array(y_test)
    types = ["q" if c in NUMERIC else "c" for c in COLUMNS]

    def matrix(X, y):
        return xgb.DMatrix(X, label=y, feature_types=types, enable_categorical=True, nthread=args.threads)
    dtest = matrix(X_test, y_test)
    params = {"objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide",
              "max_leaves": args.leaves, "max_depth": 0, "eta": args.learning_rate, "max_bin": 255,
              "lambda": args.l2, "min_child_weight": args.min_hessian,
              "nthread": args.threads, "seed": 42, "verbosity": 0}
    booster = {}

    def train_xgb():
        booster["b"] = xgb.train(params, matrix(X_train, y_train), num_boost_round=args.trees)
    xgb_train, xgb_train_cpu = best_of(args.repeats, train_xgb)
    xgb_auc = roc_auc_score(y_test, booster["b"].predict(dtest))
    contribs = {}

    def contrib():
        contribs["c"] = booster["b"].predict(dtest, pred_contribs=True)
    xgb_contribs, xgb_contribs_cpu = best_of(args.repeats, contrib)
    margin = booster["b"].predict(dtest, output_margin=True)
    xgb_additivity = float(np.max(np.abs(contribs["c"].sum(axis=1) - margin)))

    categorical = np.array([c not in NUMERIC for c in COLUMNS])
    model = {}

    def train_hgb():
        model["m"] = HistGradientBoostingClassifier(
            max_iter=args.trees, max_leaf_nodes=args.leaves, learning_rate=args.learning_rate,
            min_samples_leaf=args.min_leaf_rows, l2_regularization=args.l2, max_bins=255, categorical_features=categorical,
            early_stopping=False, random_state=42).fit(X_train, y_train)
    hgb_train, hgb_train_cpu = best_of(args.repeats, train_hgb)
    hgb_auc = roc_auc_score(y_test, model["m"].predict_proba(X_test)[:, 1])

    def pfi():
        permutation_importance(model["m"], X_test, y_test, n_repeats=args.pfi_repeats,
                               random_state=42, scoring="roc_auc")
    sk_pfi, sk_pfi_cpu = best_of(args.repeats, pfi, warm_up=False)

    json.dump({
        "xgboost_version": xgb.__version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "threads": args.threads,
        "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
        "repeats": args.repeats,
        "timing": "best of repeats after one warm-up (permutation importance: no warm-up)",
        "xgboost_hist_train_seconds": xgb_train,
        "xgboost_hist_train_cpu_seconds": xgb_train_cpu,
        "xgboost_test_auc": xgb_auc,
        "xgboost_pred_contribs_rows_per_second": len(y_test) / xgb_contribs,
        "xgboost_pred_contribs_cpu_seconds": xgb_contribs_cpu,
        "xgboost_pred_contribs_additivity_max_abs_error": xgb_additivity,
        "sklearn_hgb_train_seconds": hgb_train,
        "sklearn_hgb_train_cpu_seconds": hgb_train_cpu,
        "sklearn_hgb_test_auc": hgb_auc,
        "sklearn_permutation_importance_seconds": sk_pfi,
        "sklearn_permutation_importance_cpu_seconds": sk_pfi_cpu,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
