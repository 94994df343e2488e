"""Fit the answer judge on the fit split only, and write assistant/answer/judge.json.

    python eval/answer_data.py && python eval/fit_judge.py

1. the sentence model: logistic regression, candidate features -> "states a gold fact or holds an
   evidence span" (in-scope fit questions);
2. the question model: logistic regression, question features -> "in scope", fitted on the fit
   questions that have a word the corpus lacks and no rare code matched (the only ones that can
   be declined), so it learns to tell a missing subject from a missing incidental word;
3. thresholds: the decline threshold is the highest one that declines at most 2% of the fit
   in-scope questions; "high" confidence from the threshold that best separates in-scope from
   out-of-scope on fit (Youden's J); the sentence-selection ratio, floor and word budget by grid
   search for the most all-facts answers at a mean of at most 95 words.
Test and holdout rows are never read for any of this; the script prints the fit numbers only.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys

import numpy as np
from goldsets import ROOT, fit_hash, load_all

from assistant.answer.candidates import SENTENCE_FEATURES
from assistant.answer.decide import QUESTION_FEATURES
from assistant.answer.judge import JUDGE_FILE, Judge, Logistic

DATA = ROOT / "eval" / ".cache" / "answer-data.json"
OUT = ROOT / "assistant" / "answer" / JUDGE_FILE
MAX_MEAN_WORDS = 95


def fit_logistic(x: np.ndarray, y: np.ndarray, names, l2: float = 1e-2, steps: int = 3000):
    """Balanced, L2-regularised logistic regression by gradient descent (standardised inputs)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    pos = y.mean()
    w_sample = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))
    w = np.zeros(x.shape[1])
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * w_sample
        w -= lr * (z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return Logistic(
        tuple(names),
        tuple(float(v) for v in w),
        float(b),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
    )


def question_vector(row, scores, anchors_of_best):
    cands = row["candidates"]
    best = max(scores, default=0.0)
    cos = max((c["f"][0] for c in cands), default=0.0)
    lex = max((c["f"][2] for c in cands), default=0.0)
    return [
        best,
        cos,
        row["absent_weight"],
        row["local_coverage"],
        lex,
        float(row["absent_specific"]),
        float(row["absent_common"]),
        row["kept_meaning"],
    ]


def scored(row, sent: Logistic):
    scores = [sent.probability(c["f"]) for c in row["candidates"]]
    best_i = int(np.argmax(scores)) if scores else -1
    anchor = row["anchors"][best_i] if best_i >= 0 else ""
    return scores, anchor


def simulate(row, scores, ratio, floor, words, list_factor, novelty):
    """(facts stated, words) of the composed answer, as compose.select + with_antecedents do."""
    cands = row["candidates"]
    if not cands:
        return set(), 0
    budget = words * (list_factor if row["list"] else 1.0)
    weight = row.get("idf", {})
    total = sum(weight.values()) or 1.0
    first = max(range(len(cands)), key=lambda i: scores[i])
    chosen = [first]
    covered = set(cands[first].get("terms", []))
    n = cands[first]["words"]
    limit = max(floor, ratio * scores[first])
    while True:
        best_i, best_v = -1, float("-inf")
        for i, c in enumerate(cands):
            if i in chosen or scores[i] < limit or n + c["words"] > budget:
                continue
            if any(
                _overlap(c["doc"], c["span"], cands[j]["doc"], cands[j]["span"]) for j in chosen
            ):
                continue
            gain = sum(weight.get(t, 1.0) for t in set(c.get("terms", [])) - covered) / total
            v = scores[i] + novelty * gain
            if v > best_v:
                best_i, best_v = i, v
        if best_i < 0:
            break
        chosen.append(best_i)
        covered |= set(cands[best_i].get("terms", []))
        n += cands[best_i]["words"]
    facts = set()
    spans = [(cands[j]["doc"], cands[j]["span"]) for j in chosen]
    for j in chosen:
        facts.update(cands[j]["facts"])
        a = cands[j]["ante"]
        if a and not any(_overlap(cands[j]["doc"], a["span"], d, s) for d, s in spans):
            facts.update(a["facts"])
            n += a["words"]
            spans.append((cands[j]["doc"], a["span"]))
    return facts, n


def _overlap(d1, s1, d2, s2):
    return d1 == d2 and s1[0] < s2[1] and s2[0] < s1[1]


def main() -> int:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["rows"]
    fit = [r for r in rows if r["split"] == "fit"]
    fit_in = [r for r in fit if r["in_scope"] and r["n_facts"]]
    # 1. sentence model
    xs, ys = [], []
    for r in fit_in:
        for c in r["candidates"]:
            xs.append(c["f"])
            ys.append(1.0 if (c["facts"] or c["evidence"]) else 0.0)
    sent = fit_logistic(np.array(xs), np.array(ys), SENTENCE_FEATURES)
    # 2. question model
    qx, qy = [], []
    cache = {}
    for r in fit:
        scores, anchor = scored(r, sent)
        cache[r["id"]] = (scores, anchor)
        qx.append(question_vector(r, scores, anchor))
        qy.append(1.0 if r["in_scope"] else 0.0)
    qy_arr = np.array(qy)
    absent = np.array([bool(r["absent"]) for r in fit])
    anchored = np.array([bool(cache[r["id"]][1]) for r in fit])
    # Only questions with an absent word and no anchor can be declined: the model is fitted on
    # them, so it learns to tell a missing subject from a missing incidental word.
    can_decline = absent & ~anchored
    ques = fit_logistic(np.array(qx)[can_decline], qy_arr[can_decline], QUESTION_FEATURES, l2=0.1)
    probs = np.array([ques.probability(v) for v in qx])
    # 3a. decline threshold: at most 2% of fit in-scope declined
    grid = np.round(np.arange(0.02, 0.96, 0.01), 2)
    decline_below = 0.02
    for t in grid:
        declined = (probs < t) & absent & ~anchored
        if declined[qy_arr == 1].mean() <= 0.02:
            decline_below = float(t)
    # 3b. high confidence: Youden's J on fit
    high_from, best_j = 0.5, -1.0
    for t in grid:
        tpr = (probs[qy_arr == 1] >= t).mean()
        fpr = (probs[qy_arr == 0] >= t).mean()
        if tpr - fpr > best_j:
            best_j, high_from = float(tpr - fpr), float(t)
    high_from = max(high_from, decline_below)
    # 3c. selection
    best_sel, best_all = None, -1.0
    for ratio, floor, words, lf, nov in itertools.product(
        (0.3, 0.5, 0.7, 0.9),
        (0.05, 0.15, 0.3),
        (60, 70, 80, 90, 95, 100, 105, 110),
        (1.0, 1.3, 1.6),
        (0.0, 0.2, 0.5, 1.0),
    ):
        alls, lens = [], []
        for r in fit_in:
            facts, n = simulate(r, cache[r["id"]][0], ratio, floor, words, lf, nov)
            alls.append(len(facts) == r["n_facts"])
            lens.append(n)
        if np.mean(lens) <= MAX_MEAN_WORDS and np.mean(alls) > best_all:
            best_all, best_sel = (
                float(np.mean(alls)),
                (ratio, floor, words, lf, nov, float(np.mean(lens))),
            )
    assert best_sel is not None
    ratio, floor, words, lf, nov, mean_words = best_sel
    declined_in = float(((probs < decline_below) & absent & ~anchored)[qy_arr == 1].mean())
    declined_out = float(((probs < decline_below) & absent & ~anchored)[qy_arr == 0].mean())
    gold = load_all()
    judge = Judge(
        sent,
        ques,
        decline_below,
        high_from,
        ratio,
        floor,
        words,
        lf,
        fit={
            "script": "eval/fit_judge.py",
            "fit_questions": len(fit),
            "fit_in_scope": int(qy_arr.sum()),
            "fit_out_of_scope": int(len(fit) - qy_arr.sum()),
            "fit_set_sha256": fit_hash(gold),
            "data_sha256": hashlib.sha256(DATA.read_bytes()).hexdigest(),
            "fit_all_facts_simulated": round(best_all, 4),
            "fit_mean_words_simulated": round(mean_words, 1),
            "fit_declined_in_scope": round(declined_in, 4),
            "fit_declined_out_of_scope": round(declined_out, 4),
        },
    )
    OUT.write_text(json.dumps(judge.to_json(), indent=1) + "\n", encoding="utf-8")
    print(json.dumps(judge.to_json()["thresholds"] | judge.fit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
