"""The fitted answer judge: two small logistic regressions stored as JSON (never a pickle).

- the *sentence* model scores how likely a candidate sentence states what the question asks;
- the *question* model scores how likely the corpus answers the question at all.

Both, with the selection and decision thresholds, are fitted by ``eval/fit_judge.py`` on the fit
split of the gold set only; the JSON records its version, the feature names and the fit-set hash.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import AssistantError

JUDGE_VERSION = 1
JUDGE_FILE = "judge.json"


class JudgeError(AssistantError):
    """The judge JSON is missing, damaged or of another version."""


@dataclass(frozen=True)
class Logistic:
    """``p = sigmoid(bias + sum(w_i * (x_i - mean_i) / scale_i))``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, x: Sequence[float]) -> float:
        """The model's probability for one feature vector."""
        z = self.bias
        for w, v, m, s in zip(self.weights, x, self.mean, self.scale, strict=True):
            z += w * (v - m) / (s or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        """Plain data for the JSON file."""
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "mean": list(self.mean),
            "scale": list(self.scale),
        }

    @classmethod
    def from_json(cls, data: Any, features: Sequence[str]) -> Logistic:
        """Checked load: the feature names must be the ones the code computes, in order."""
        if not isinstance(data, dict) or list(data.get("features", [])) != list(features):
            raise JudgeError("answer judge features do not match this version; refit it")
        n = len(features)
        parts = [data.get(k) for k in ("weights", "mean", "scale")]
        if not all(isinstance(p, list) and len(p) == n for p in parts):
            raise JudgeError("answer judge is damaged (weights of the wrong length)")
        try:
            w, m, s = ([float(v) for v in p] for p in parts)  # type: ignore[union-attr]
            bias = float(data["bias"])
        except (KeyError, TypeError, ValueError) as exc:
            raise JudgeError(f"answer judge is damaged ({exc})") from exc
        return cls(tuple(features), tuple(w), bias, tuple(m), tuple(s))


@dataclass(frozen=True)
class Judge:
    """The fitted models and the thresholds chosen with them (see eval/README.md)."""

    sentence: Logistic
    question: Logistic
    #: Below this question probability the answer is declined (when the subject is absent).
    decline_below: float
    #: At or above this question probability the answer has high confidence.
    high_from: float
    #: A further sentence joins the answer when its score is at least this share of the best.
    keep_ratio: float
    #: ... and at least this absolute score.
    keep_floor: float
    #: Word budget of an answer (list questions get ``list_factor`` times as much).
    words: int
    list_factor: float
    #: Weight of the question words a further sentence adds that the chosen ones lack (so a
    #: two-part question gets a sentence for each part).
    novelty: float = 0.0
    fit: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain data for the JSON file."""
        return {
            "version": JUDGE_VERSION,
            "sentence": self.sentence.to_json(),
            "question": self.question.to_json(),
            "thresholds": {
                "decline_below": self.decline_below,
                "high_from": self.high_from,
                "keep_ratio": self.keep_ratio,
                "keep_floor": self.keep_floor,
                "words": self.words,
                "list_factor": self.list_factor,
                "novelty": self.novelty,
            },
            "fit": self.fit,
        }


def parse(data: Any, sentence_features: Sequence[str], question_features: Sequence[str]) -> Judge:
    """A Judge from JSON data (JudgeError when anything is off)."""
    if not isinstance(data, dict) or data.get("version") != JUDGE_VERSION:
        raise JudgeError(f"answer judge has another version (expected {JUDGE_VERSION}); refit it")
    th = data.get("thresholds")
    if not isinstance(th, dict):
        raise JudgeError("answer judge is damaged (no thresholds)")
    try:
        return Judge(
            Logistic.from_json(data.get("sentence"), sentence_features),
            Logistic.from_json(data.get("question"), question_features),
            float(th["decline_below"]),
            float(th["high_from"]),
            float(th["keep_ratio"]),
            float(th["keep_floor"]),
            int(th["words"]),
            float(th["list_factor"]),
            float(th.get("novelty", 0.0)),
            dict(data.get("fit") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise JudgeError(f"answer judge is damaged ({exc})") from exc


def load(
    sentence_features: Sequence[str], question_features: Sequence[str], path: Path | None = None
) -> Judge:
    """The packaged judge (or the one at ``path``)."""
    try:
        if path is None:
            text = resources.files(__package__).joinpath(JUDGE_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise JudgeError(f"answer judge unreadable: {exc}") from exc
    return parse(data, sentence_features, question_features)
