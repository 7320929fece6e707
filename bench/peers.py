#!/usr/bin/python3
"""Peer measurements for `misuselab bench`: xgboost and scikit-learn on the same Adult files and
hyperparameters as MisuseLab's defaults, on the same machine, in the same run.

Run with Debian's python3 (python3-xgboost, python3-sklearn; `.ci/install-deps --bench` installs them):
    /usr/bin/python3 bench/peers.py --data-dir DIR [--threads N] [--repeats 3]
Prints one JSON object. Every timing is the best (minimum) of --repeats runs after one warm-up, like the
C# side; permutation importance skips the warm-up because the fitted model has already predicted the test set.

Fairness notes (each matches what `misuselab bench` times on its side):
- xgboost training includes building the DMatrix: xgboost `hist` caches its quantised matrix on the DMatrix, so
  reusing one DMatrix across runs would leave binning out of xgboost's time while ours includes BinMapper.
- Same trees, leaves, learning rate, bins (255), L2 λ = 1 and min hessian per leaf (1e-3) as GbdtOptions.
- The peers run at their own defaults, as their users run them: this script sets no environment variable (no
  OMP_WAIT_POLICY, no OMP_NUM_THREADS) and, without --threads, no runtime setting. Forcing OMP_WAIT_POLICY=PASSIVE
  was measured to make xgboost training 1.6x and scikit-learn HGB 2x slower, which flatters us. Whatever OMP_* variables
  the caller's environment holds are reported as inherited ("omp_environment").
- Threads: without --threads each library picks its own count (all cores). With --threads N (misuselab bench passes
  it only when its thread count differs from the machine's cores), the count goes through each library's own
  documented knob: xgboost's nthread, and threadpoolctl's OpenMP limit around scikit-learn's calls.
- The machine's 1-minute load average is read before and after every measurement ("load"); a busy machine is
  reported, never compensated for by changing a peer's settings.
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


def load_average():
    """The 1-minute load average, or None where the platform has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def machine_busy_seconds():
    """CPU seconds the whole machine spent busy since boot (/proc/stat: user, nice, system, irq, softirq, steal; idle
    and iowait left out), or None off Linux. Minus this process's own CPU time over a run, it is what other processes
    took: the load average cannot tell, since it counts this run's own threads and lags by a minute."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8)) / 100.0  # USER_HZ


def others_cores(busy_before, busy_after, own_cpu, wall):
    if busy_before is None or busy_after is None or wall <= 0:
        return None
    return max(0.0, busy_after - busy_before - own_cpu) / wall


def best_of(repeats, fn, warm_up=True):
    """{"seconds", "cpu_seconds", "load_before", "load_after"} of the fastest of `repeats` runs. CPU time is of every
    thread of this process, so on a machine other jobs load it shows the work done where the wall time shows the wait
    too; the load average is read after the warm-up and after the last run."""
    if warm_up:
        fn()
    load_before = load_average()
    best, cpu, others = float("inf"), float("nan"), None
    for _ in range(repeats):
        busy = machine_busy_seconds()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = time.perf_counter() - start
        run_cpu = time.process_time() - start_cpu
        if wall < best:
            best, cpu, others = wall, run_cpu, others_cores(busy, machine_busy_seconds(), run_cpu, wall)
    return {"seconds": best, "cpu_seconds": cpu, "others_cores": others, "load_before": load_before,
            "load_after": load_average()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--threads", type=int, default=None,
                        help="thread count through each library's own knob; omitted: the libraries' defaults")
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
    if args.threads is not None and args.threads < 1:
        parser.error(f"--threads must be at least 1; found {args.threads}")

    try:
        import numpy as np
        import sklearn
        import xgboost as xgb
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.inspection import permutation_importance
        from sklearn.metrics import roc_auc_score
        from threadpoolctl import threadpool_limits
    except ImportError as e:
        sys.stderr.write(f"peers.py: {e}. Install the peers with `bash .ci/install-deps --bench` "
                         "(Debian: python3-xgboost python3-sklearn python3-numpy) or run `misuselab bench --skip-peers`.\n")
        sys.exit(3)

    def sklearn_threads(fn):
        """scikit-learn's HGB and its predictions run on OpenMP; an explicit count goes through threadpoolctl."""
        if args.threads is None:
            return fn

        def limited():
            with threadpool_limits(limits=args.threads, user_api="openmp"):
                fn()
        return limited

    train_rows, y_train = read_adult(os.path.join(args.data_dir, "adult.data"), False)
    test_rows, y_test = read_adult(os.path.join(args.data_dir, "adult.test"), True)
    X_train, X_test = encode(train_rows, test_rows, np)
    y_train, y_test = np.array(y_train), np.array(y_test)
    types = ["q" if c in NUMERIC else "c" for c in COLUMNS]
    xgb_threads = {} if args.threads is None else {"nthread": args.threads}

    def matrix(X, y):
        return xgb.DMatrix(X, label=y, feature_types=types, enable_categorical=True, **xgb_threads)
    dtest = matrix(X_test, y_test)
    params = {"objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide",
              "max_leaves": args.leaves, "max_depth": 0, "eta": args.learning_rate, "max_bin": 255,
              "lambda": args.l2, "min_child_weight": args.min_hessian,
              "seed": 42, "verbosity": 0, **xgb_threads}
    booster = {}

    def train_xgb():
        booster["b"] = xgb.train(params, matrix(X_train, y_train), num_boost_round=args.trees)
    xgb_train = best_of(args.repeats, train_xgb)
    xgb_auc = roc_auc_score(y_test, booster["b"].predict(dtest))
    contribs = {}

    def contrib():
        contribs["c"] = booster["b"].predict(dtest, pred_contribs=True)
    xgb_contribs = best_of(args.repeats, contrib)
    margin = booster["b"].predict(dtest, output_margin=True)
    xgb_additivity = float(np.max(np.abs(contribs["c"].sum(axis=1) - margin)))

    categorical = np.array([c not in NUMERIC for c in COLUMNS])
    model = {}

    def train_hgb():
        model["m"] = HistGradientBoostingClassifier(
            max_iter=args.trees, max_leaf_nodes=args.leaves, learning_rate=args.learning_rate,
            min_samples_leaf=args.min_leaf_rows, l2_regularization=args.l2, max_bins=255, categorical_features=categorical,
            early_stopping=False, random_state=42).fit(X_train, y_train)
    hgb_train = best_of(args.repeats, sklearn_threads(train_hgb))
    hgb_auc = roc_auc_score(y_test, model["m"].predict_proba(X_test)[:, 1])

    def pfi():
        permutation_importance(model["m"], X_test, y_test, n_repeats=args.pfi_repeats,
                               random_state=42, scoring="roc_auc")
    sk_pfi = best_of(args.repeats, sklearn_threads(pfi), warm_up=False)

    measured = {"xgboost_hist_train": xgb_train, "xgboost_pred_contribs": xgb_contribs,
                "sklearn_hgb_train": hgb_train, "sklearn_permutation_importance": sk_pfi}
    json.dump({
        "xgboost_version": xgb.__version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "threads": args.threads,
        "cores": os.cpu_count(),
        "omp_environment": {k: v for k, v in sorted(os.environ.items()) if k.startswith("OMP_")},
        "repeats": args.repeats,
        "timing": "best of repeats after one warm-up (permutation importance: no warm-up)",
        "xgboost_hist_train_seconds": xgb_train["seconds"],
        "xgboost_hist_train_cpu_seconds": xgb_train["cpu_seconds"],
        "xgboost_test_auc": xgb_auc,
        "xgboost_pred_contribs_rows_per_second": len(y_test) / xgb_contribs["seconds"],
        "xgboost_pred_contribs_cpu_seconds": xgb_contribs["cpu_seconds"],
        "xgboost_pred_contribs_additivity_max_abs_error": xgb_additivity,
        "sklearn_hgb_train_seconds": hgb_train["seconds"],
        "sklearn_hgb_train_cpu_seconds": hgb_train["cpu_seconds"],
        "sklearn_hgb_test_auc": hgb_auc,
        "sklearn_permutation_importance_seconds": sk_pfi["seconds"],
        "sklearn_permutation_importance_cpu_seconds": sk_pfi["cpu_seconds"],
        "load": {name: {"before": m["load_before"], "after": m["load_after"], "others_cores": m["others_cores"]}
                 for name, m in measured.items()},
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
