#!/usr/bin/python3
"""Regenerates the XGBoost fixture used by the importer and TreeSHAP tests.

Run with Debian's python (apt-get install -y python3-xgboost python3-numpy):
    /usr/bin/python3 tests/MisuseLab.Learning.Tests/Fixtures/xgboost/generate.py
Writes, next to this script:
    model.json     Booster.save_model output (10 trees, depth <= 4, binary:logistic, base_score 0.3)
    rows.csv       the 300 rows explained (float32 values printed exactly, NaN = missing)
    margins.csv    xgboost's raw margin per row (output_margin=True)
    contribs.csv   xgboost's pred_contribs per row: one column per feature, then the bias column
    version.txt    the xgboost version that produced them
Seeded: running it again with the same xgboost version reproduces the files.
"""
import os

import numpy as np
import xgboost as xgb

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261123)
n = 300
names = ["age", "hours", "gain", "score", "noise"]
x = np.empty((n, len(names)), dtype=np.float32)
x[:, 0] = rng.integers(17, 90, n)
x[:, 1] = rng.normal(40, 12, n)
x[:, 2] = np.where(rng.random(n) < 0.8, 0, rng.exponential(3000, n))
x[:, 3] = rng.normal(0, 1, n)
x[:, 4] = rng.random(n)
logit = 0.05 * (x[:, 0] - 40) + 0.04 * (x[:, 1] - 40) + 0.0004 * x[:, 2] + 0.8 * x[:, 3] - 0.5
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.float32)
# Missing values in three features, so default directions matter.
for j, rate in ((1, 0.10), (2, 0.05), (3, 0.15)):
    x[rng.random(n) < rate, j] = np.nan

dtrain = xgb.DMatrix(x, label=y, feature_names=names, missing=np.nan)
params = {
    "objective": "binary:logistic",
    "max_depth": 4,
    "eta": 0.3,
    "base_score": 0.3,
    "tree_method": "exact",
    "seed": 7,
    "nthread": 1,
}
booster = xgb.train(params, dtrain, num_boost_round=10)
booster.save_model(os.path.join(here, "model.json"))

margins = booster.predict(dtrain, output_margin=True)
contribs = booster.predict(dtrain, pred_contribs=True)


def fmt(v):
    return "NaN" if np.isnan(v) else repr(float(np.float32(v)))


with open(os.path.join(here, "rows.csv"), "w") as f:
    f.write(",".join(names) + "\n")
    for row in x:
        f.write(",".join(fmt(v) for v in row) + "\n")
with open(os.path.join(here, "margins.csv"), "w") as f:
    f.write("margin\n")
    for v in margins:
        f.write(fmt(v) + "\n")
with open(os.path.join(here, "contribs.csv"), "w") as f:
    f.write(",".join(names + ["bias"]) + "\n")
    for row in contribs:
        f.write(",".join(fmt(v) for v in row) + "\n")
with open(os.path.join(here, "version.txt"), "w") as f:
    f.write(xgb.__version__ + "\n")
