"""What ``/metrics`` exposes in Prometheus' text format, through ``prometheus_client``.

Counters and histograms that code updates as it works (comparisons and their latency,
machine-translated tokens and the seconds spent on them) live in the process that did the
work; under gunicorn or Celery's prefork pool several processes do it, so when
``PROMETHEUS_MULTIPROC_DIR`` names a folder (``serve`` and ``worker`` set one) they are
written there and summed at scrape time by the multiprocess collector. Gauges that describe
the shared state (jobs by state, the broker's queue depth, this process's memory and loaded
models) are read at scrape time by :class:`StateCollector`.
"""
from __future__ import annotations

import os
import resource
import threading
from types import SimpleNamespace
from typing import Callable, Iterable

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


_created: SimpleNamespace | None = None
_lock = threading.Lock()


def _metrics() -> SimpleNamespace:
    """The metric objects, made once per process (a metric is registered once by name)."""
    global _created
    if _created is None:
        with _lock:
            if _created is None:
                _created = _make()
    return _created


def _make() -> SimpleNamespace:
    # prometheus_client chooses between in-memory and multiprocess values when it is first
    # imported: only here, so that `serve` and `worker` can name the folder before that.
    from prometheus_client import Counter, Histogram

    return SimpleNamespace(
        comparisons=Counter("compare_comparisons_total", "Comparisons computed, by outcome", ["outcome"]),
        comparison_seconds=Histogram(
            "compare_comparison_seconds", "Time to compute one comparison (pipeline, translation and storage)",
            buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)),
        translation_tokens=Counter(
            "compare_translation_tokens_total",
            "Tokens CTranslate2 produced; its rate over compare_translation_seconds_total's is tokens per second"),
        translation_seconds=Counter("compare_translation_seconds_total", "Seconds spent in CTranslate2 translate_batch"),
    )


def use_multiprocess_folder() -> None:
    """Before any metric exists: keep values in a folder every forked process shares (gunicorn
    workers, Celery's pool), so one scrape sums them all."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="compare-metrics-")


def record_comparison(seconds: float, outcome: str) -> None:
    m = _metrics()
    m.comparisons.labels(outcome).inc()
    m.comparison_seconds.observe(seconds)


def record_translation(tokens: int, seconds: float) -> None:
    m = _metrics()
    m.translation_tokens.inc(tokens)
    m.translation_seconds.inc(seconds)


class StateCollector:
    """Gauges read when scraped: jobs by state, queue depth, memory, loaded models."""

    def __init__(self, jobs_by_state: Callable[[], dict[str, int]], queue_depth: Callable[[], int | None],
                 loaded_models: Callable[[], int]):
        self.jobs_by_state = jobs_by_state
        self.queue_depth = queue_depth
        self.loaded_models = loaded_models

    def collect(self) -> Iterable:
        from prometheus_client.core import GaugeMetricFamily

        jobs = GaugeMetricFamily("compare_jobs", "Comparison jobs in the database, by state", labels=["state"])
        for state, count in self.jobs_by_state().items():
            jobs.add_metric([state], count)
        yield jobs
        depth = self.queue_depth()
        if depth is not None:
            yield GaugeMetricFamily("compare_queue_depth", "Jobs waiting to be taken by a runner", value=depth)
        yield GaugeMetricFamily("compare_translation_models_loaded", "Translation models loaded in this process",
                                value=self.loaded_models())
        yield GaugeMetricFamily("compare_process_max_rss_bytes",
                                "Peak resident memory of the process that answered (models included)",
                                value=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def exposition(state: StateCollector) -> bytes:
    """The text of one scrape: this process's (or every process's) counters and the state gauges."""
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    m = _metrics()
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (m.comparisons, m.comparison_seconds, m.translation_tokens, m.translation_seconds):
            registry.register(collector)
    registry.register(state)
    return generate_latest(registry)
