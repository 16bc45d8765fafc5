"""Fit story pairing's model on the study halves of the labelled archive (``dev*.jsonl``), and
write it to service/data/pairing.toml.

    .venv/bin/python tests/evaluation/fit_pairing.py [--dry-run]

1. Every candidate pair of the study halves (within the time window) gets its features and its
   label (one story or not); a logistic regression with a little L2 regularisation is fitted
   by Newton's method.
2. The clustering threshold is swept over 0.05…0.95 on the dev half; among the thresholds
   whose precision is at least the floor's 0.95, those with the highest pairwise F1 form a
   range, and its middle is chosen (an edge of it would be the tuning's luckiest guess).
The test half is never read here. The study halves are pooled (they lie in different months, so no
pair crosses them).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from service.encoder import SentenceEncoder  # noqa: E402
from service.ingest.pairing import DATA, FEATURES, Model, Pairer  # noqa: E402
from support.pairing_eval import PAIRING, articles, labels, score  # noqa: E402

PRECISION_FLOOR = 0.95
L2 = 0.1


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.diag([L2] * x.shape[1] + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the model, do not write it")
    args = parser.parse_args()
    dev, story_of = [], {}
    for path in sorted(PAIRING.glob("dev*.jsonl")):  # every study half; their ids and months differ
        dev += articles(path)
        story_of.update(labels(path))
    start = Model.load()
    pairer = Pairer(SentenceEncoder(None), start)
    read = pairer.read(dev)
    pairs = [p for p in dict.fromkeys(pairer.candidates(read))
             if not pairer.cannot_link(read[p[0]].article, read[p[1]].article)]
    x = np.stack([pairer.features(read[i], read[j])[0] for i, j in pairs])
    y = np.array([story_of[read[i].article.id] == story_of[read[j].article.id] for i, j in pairs], dtype=float)
    weights, bias = fit_logistic(x, y)
    print(f"{len(pairs)} candidate pairs, {int(y.sum())} of one story")
    print("weights:", dict(zip(FEATURES, np.round(weights, 3))), "bias:", round(bias, 3))
    fitted = Model(tuple(float(w) for w in weights), bias, start.threshold, start.window_hours)
    sweep = []
    for threshold in np.arange(0.05, 0.96, 0.05):
        result, _ = score(Pairer(pairer.encoder, fitted).pair(dev, float(threshold)), story_of)
        sweep.append((float(threshold), result))
        print(f"  threshold {threshold:.2f}: {result}")
    good = [s for s in sweep if s[1].precision >= PRECISION_FLOOR] or sweep
    best = max(s[1].f1 for s in good)
    plateau = [t for t, r in good if r.f1 == best]
    threshold = (plateau[0] + plateau[-1]) / 2  # the middle of the best thresholds, not an edge
    result, _ = score(Pairer(pairer.encoder, fitted).pair(dev, threshold), story_of)
    print(f"chosen threshold {threshold:.3f} (the middle of {plateau[0]:.2f}…{plateau[-1]:.2f}): {result}")
    if args.dry_run:
        return
    lines = DATA.read_text(encoding="utf-8").split("window_hours")[0]
    lines += f"window_hours = {fitted.window_hours}\nbias = {bias:.4f}\nthreshold = {threshold:.3f}\n\n[weights]\n"
    lines += "".join(f"{name} = {w:.4f}\n" for name, w in zip(FEATURES, weights))
    DATA.write_text(lines, encoding="utf-8")
    print(f"wrote {DATA.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
