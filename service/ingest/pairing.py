"""Which articles report the same story, across outlets and languages.

Given articles from several outlets (feeds, uploads, a folder, a JSONL archive), pairing
finds the versions of one story so they can be compared:

1. **Candidates** come from a time window: articles are sorted by publication time and each
   is scored only against those published within ``window_hours`` of it, so the work grows
   with the number of articles times the articles of a window, not with all pairs.
2. **Score.** Each candidate pair gets a probability from a logistic model over features a
   reader can check (:class:`Evidence`): the multilingual sentence encoder's cosine of the
   two titles and of the two leads (:mod:`service.encoder`, which reads 16 languages
   without translation), the people and places both name (:mod:`.mentions`, the same key in
   every script), the numbers both give, and the hours between them. The model's weights
   and the clustering threshold are data (``data/pairing.toml``), fitted on the labelled
   development archive by ``tests/evaluation/fit_pairing.py``: measured, not guessed.
3. **Clusters** are made by average-linkage agglomeration: the two groups whose pairs have
   the highest mean probability (a pair never scored counts as 0) merge while that mean is
   at least the threshold. Averaging keeps a chain of look-alikes (one minister, two
   meetings on two days) from joining into one story through a single strong pair. Two
   articles of one outlet in one language are never one story's versions.
"""
from __future__ import annotations

import heapq
import math
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..errors import ServiceError
from ..pipeline.budget import Budget
from ..pipeline.numbers import quantities
from .mentions import mentions

DATA = Path(__file__).resolve().parent.parent / "data" / "pairing.toml"
#: characters of the body read as its lead (after the title)
LEAD_CHARS = 400
FEATURES = ("title_similarity", "lead_similarity", "shared_names", "shared_numbers", "days_apart")
#: most candidate pairs one pairing scores (a bound on its work: 413 beyond)
MAX_CANDIDATE_PAIRS = 250_000
#: pairs scored at once
BATCH = 10_000
#: pairs less likely than this are not kept (they count as 0 in the clustering anyway)
KEPT = 0.01


@dataclass(frozen=True)
class Article:
    """One article to pair: what pairing reads of it."""

    id: str
    title: str
    text: str
    language: str | None = None
    published: datetime | None = None  # aware; None: compared with every article
    outlet: str | None = None
    url: str | None = None
    day_only: bool = False  # ``published`` gives a day, read as its midnight UTC: a day's tolerance

    @property
    def lead(self) -> str:
        """The first paragraph(s), up to about ``LEAD_CHARS`` characters, without the title."""
        body = self.text.strip()
        if self.title and body.startswith(self.title):
            body = body[len(self.title):].lstrip()
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        lead = ""
        for paragraph in paragraphs:
            lead = f"{lead} {paragraph}".strip()
            if len(lead) >= LEAD_CHARS:
                break
        return lead[: LEAD_CHARS * 2]


@dataclass(frozen=True)
class Evidence:
    """Why two articles (or a cluster's articles) are taken for one story."""

    title_similarity: float
    lead_similarity: float
    names: tuple[str, ...]  # gazetteer keys both name ("person:sergei_lavrov", "place:Pyongyang")
    numbers: tuple[str, ...]  # figures both give
    hours_apart: float | None


@dataclass(frozen=True)
class PairScore:
    first: str
    second: str
    score: float  # probability of one story
    evidence: Evidence


@dataclass(frozen=True)
class Cluster:
    """Articles taken for versions of one story, with the mean score of their pairs."""

    articles: tuple[str, ...]
    score: float
    names: tuple[str, ...]  # named by at least two of its articles
    numbers: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    pairs: tuple[PairScore, ...] = field(default=())


@dataclass(frozen=True)
class Model:
    """The logistic model's weights (one per feature), its bias and the clustering threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    window_hours: float = 96.0

    @classmethod
    def load(cls, path: Path = DATA) -> "Model":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(float(data["weights"][name]) for name in FEATURES), float(data["bias"]),
                   float(data["threshold"]), float(data.get("window_hours", 96.0)))

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class _Read:
    """What pairing computed once per article."""

    article: Article
    title_vector: np.ndarray | None
    lead_vector: np.ndarray | None
    names: frozenset[str]
    numbers: frozenset[str]
    time: float | None  # POSIX seconds
    day_only: bool = False


def figures(text: str, language: str | None) -> frozenset[str]:
    """The figures of ``text`` worth matching: no small counts, no years."""
    found = set()
    for quantity in quantities(text, language or "en"):
        value = quantity.value
        if value < 10 or (1900 <= value <= 2100 and float(value).is_integer()):
            continue
        found.add(f"{int(value) if float(value).is_integer() else value:g}")
    return frozenset(found)


class Pairer:
    """Scores and clusters articles (see the module's docstring)."""

    def __init__(self, encoder, model: Model | None = None):
        self.encoder = encoder
        self.model = model or Model.load()

    # -- reading ----------------------------------------------------------------------------
    def read(self, articles: Sequence[Article]) -> list[_Read]:
        by_language: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            by_language.setdefault(article.language or "und", []).append(i)
        titles: list[np.ndarray | None] = [None] * len(articles)
        leads: list[np.ndarray | None] = [None] * len(articles)
        for language, indices in by_language.items():
            title_vectors = self.encoder.vectors([articles[i].title or articles[i].lead[:200] for i in indices], language)
            lead_vectors = self.encoder.vectors([articles[i].lead or articles[i].title for i in indices], language)
            if title_vectors is None:
                continue  # no encoder: names, numbers and time only
            for row, i in enumerate(indices):
                titles[i], leads[i] = title_vectors[row], lead_vectors[row]
        return [
            _Read(a, titles[i], leads[i], mentions(f"{a.title}\n{a.text}"), figures(f"{a.title}\n{a.text}", a.language),
                  a.published.timestamp() if a.published else None, a.day_only)
            for i, a in enumerate(articles)
        ]

    # -- scoring ------------------------------------------------------------------------------
    def candidates(self, read: list[_Read]) -> Iterable[tuple[int, int]]:
        """Pairs published within the window of each other (by a sorted index of times), and
        every pair with an article of unknown time."""
        window = (self.model.window_hours + 24) * 3600  # a day-only date may stand for any hour of its day
        timed = sorted((r.time, i) for i, r in enumerate(read) if r.time is not None)
        times = [t for t, _ in timed]
        for position, (time, i) in enumerate(timed):
            for _, j in timed[position + 1: bisect_right(times, time + window)]:
                yield (i, j) if i < j else (j, i)
        untimed = [i for i, r in enumerate(read) if r.time is None]
        for i in untimed:
            for j in range(len(read)):
                if j != i and (read[j].time is not None or j > i):
                    yield (i, j) if i < j else (j, i)

    @staticmethod
    def features(a: _Read, b: _Read) -> tuple[np.ndarray, Evidence]:
        """The features and evidence of one pair (the batch path, :meth:`score_pairs`, computes
        the same for many pairs at once)."""
        title = float(a.title_vector @ b.title_vector) if a.title_vector is not None and b.title_vector is not None else 0.0
        lead = float(a.lead_vector @ b.lead_vector) if a.lead_vector is not None and b.lead_vector is not None else 0.0
        return _pair_features(a, b, title, lead)

    @staticmethod
    def cannot_link(a: Article, b: Article) -> bool:
        """One outlet's two articles in one language are two stories, not two versions."""
        return bool(a.outlet and a.outlet == b.outlet and a.language and a.language == b.language)

    def score_pairs(self, read: list[_Read], budget: Budget | None = None) -> dict[tuple[int, int], PairScore]:
        """Every candidate pair's probability of one story, in batches; pairs under ``KEPT``
        are dropped (they count as 0 in the clustering). 413 beyond ``MAX_CANDIDATE_PAIRS``."""
        pairs = []
        for pair in self.candidates(read):
            if not self.cannot_link(read[pair[0]].article, read[pair[1]].article):
                pairs.append(pair)
                if len(pairs) > MAX_CANDIDATE_PAIRS:
                    raise ServiceError(
                        413, "too_many_pairs", f"These articles make more than {MAX_CANDIDATE_PAIRS:,} candidate pairs.",
                        "Give every article its publication time (articles far apart in time are not compared), "
                        "or pair fewer articles at once.")
        pairs = list(dict.fromkeys(pairs))
        titles = _matrix([r.title_vector for r in read])
        leads = _matrix([r.lead_vector for r in read])
        scored: dict[tuple[int, int], PairScore] = {}
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start:start + BATCH]
            first = np.fromiter((i for i, _ in batch), dtype=np.int64, count=len(batch))
            second = np.fromiter((j for _, j in batch), dtype=np.int64, count=len(batch))
            title = np.einsum("ij,ij->i", titles[first], titles[second])
            lead = np.einsum("ij,ij->i", leads[first], leads[second])
            computed = [_pair_features(read[i], read[j], float(t), float(l))
                        for (i, j), t, l in zip(batch, title, lead)]
            probabilities = self.model.probability(np.stack([vector for vector, _ in computed]))
            for (i, j), p, (_, evidence) in zip(batch, probabilities, computed):
                if p >= KEPT:
                    scored[(i, j)] = PairScore(read[i].article.id, read[j].article.id, round(float(p), 4), evidence)
            if budget is not None:
                budget.check("pairing")
        return scored

    # -- clustering ---------------------------------------------------------------------------
    def pair(self, articles: Sequence[Article], threshold: float | None = None,
             budget: Budget | None = None) -> list[Cluster]:
        """Clusters of two or more articles, best first (articles alone are left out); within
        ``budget`` when one is given."""
        threshold = self.model.threshold if threshold is None else threshold
        read = self.read(articles)
        if budget is not None:
            budget.check("reading the articles")
        scored = self.score_pairs(read, budget)
        groups = average_linkage(len(read), {k: v.score for k, v in scored.items()}, threshold,
                                 forbidden=lambda x, y: any(self.cannot_link(read[i].article, read[j].article)
                                                            for i in x for j in y))
        clusters = [self._cluster(sorted(g), read, scored) for g in groups if len(g) > 1]
        return sorted(clusters, key=lambda c: (-c.score, c.articles))

    @staticmethod
    def _cluster(members: list[int], read: list[_Read], scored: dict) -> Cluster:
        pairs = [scored[(i, j)] for n, i in enumerate(members) for j in members[n + 1:] if (i, j) in scored]
        count = len(members) * (len(members) - 1) / 2
        names = _shared(read[i].names for i in members)
        numbers = _shared(read[i].numbers for i in members)
        times = sorted(read[i].article.published for i in members if read[i].article.published)
        return Cluster(tuple(read[i].article.id for i in members), round(sum(p.score for p in pairs) / count, 4),
                       names, numbers, times[0].isoformat() if times else None,
                       times[-1].isoformat() if times else None, tuple(pairs))


def _matrix(vectors: list[np.ndarray | None]) -> np.ndarray:
    """Rows of vectors, zeros where an article has none (its cosines are then 0)."""
    size = next((len(v) for v in vectors if v is not None), 1)
    return np.stack([v if v is not None else np.zeros(size, dtype=np.float32) for v in vectors]) if vectors else \
        np.zeros((0, size), dtype=np.float32)


def _pair_features(a: _Read, b: _Read, title: float, lead: float) -> tuple[np.ndarray, Evidence]:
    names = tuple(sorted(a.names & b.names))
    numbers = tuple(sorted(a.numbers & b.numbers))
    hours = abs(a.time - b.time) / 3600 if a.time is not None and b.time is not None else None
    if hours is not None and (a.day_only or b.day_only):
        hours = max(0.0, hours - 24)  # a day in some time zone: any hour of it, give or take one
    vector = np.array([title, lead, math.log1p(len(names)), math.log1p(len(numbers)),
                       (hours if hours is not None else 24.0) / 24.0])
    return vector, Evidence(round(title, 4), round(lead, 4), names, numbers, None if hours is None else round(hours, 2))


def _shared(sets: Iterable[frozenset[str]]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for found in sets:
        for item in found:
            counts[item] = counts.get(item, 0) + 1
    return tuple(sorted(item for item, n in counts.items() if n >= 2))


def average_linkage(n: int, scores: dict[tuple[int, int], float], threshold: float, forbidden=None) -> list[set[int]]:
    """Groups of ``0..n-1`` by average linkage on sparse ``scores`` (missing pairs score 0):
    the pair of groups with the highest mean score merges while it is at least ``threshold``;
    ``forbidden(a, b)`` may keep two groups apart."""
    members: dict[int, set[int]] = {i: {i} for i in range(n)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # group -> neighbour -> sum of scores
    for (i, j), score in scores.items():
        links[i][j] = links[j][i] = score
    heap = [(-score, i, j) for (i, j), score in scores.items() if score >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + negative) > 1e-12:  # stale entry: the groups changed since it was pushed
            continue
        if forbidden is not None and forbidden(members[a], members[b]):
            continue
        members[a] |= members.pop(b)
        for other, total in links.pop(b).items():
            if other == a:
                continue
            links[other].pop(b, None)
            links[a][other] = links[a].get(other, 0.0) + total
            links[other][a] = links[a][other]
        links[a].pop(b, None)
        for other, total in links[a].items():
            mean = total / (len(members[a]) * len(members[other]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, other), max(a, other)))
    return list(members.values())


def is_day(value: str | None) -> bool:
    """Whether an ISO 8601 value gives a day only ("2026-03-04"), not a time."""
    return bool(value) and "T" not in value.strip() and " " not in value.strip()


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime (UTC when it names no zone)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class PairingResult:
    """What ``POST /api/pairings`` and ``python -m service pair`` answer."""

    articles: int
    threshold: float
    clusters: list[Cluster]
