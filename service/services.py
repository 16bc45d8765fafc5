"""The long-lived resources one process needs, built once from settings.

The web app and the CLI both build a :class:`Services`; nothing in it is re-read per
request. Translation models are loaded lazily by the machine translator on first use.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import Settings
from .pipeline.compare import compare
from .pipeline.lexicon import Lexicon, load_lexicon
from .storage import Storage
from .translation.argos import ArgosTranslator
from .translation.engine import TranslationEngine
from .translation.packages import PackageManager, routes
from .validation import parse_comparison_request


@dataclass
class Services:
    settings: Settings
    storage: Storage
    packages: PackageManager
    engine: TranslationEngine
    lexicon: Lexicon

    def run_comparison(self, body) -> dict:
        """Validate a POST body and run the pipeline on it: the API's result, not yet stored."""
        request = parse_comparison_request(body, self.settings)
        return compare(request, self.engine, lexicon=self.lexicon).to_dict()

    def translation_pairs(self) -> list[str]:
        """Installed pairs and the pivots they allow, as "ru-en" strings."""
        return sorted(f"{a}-{b}" for a, b in routes(self.packages.installed_pairs()))


def build_services(settings: Settings) -> Services:
    storage = Storage(settings.database)
    packages = PackageManager(settings.packages_dir, settings.package_index)
    machine = ArgosTranslator(
        packages, beam_size=settings.beam_size, batch_tokens=settings.batch_tokens,
        max_loaded=settings.max_loaded_models,
    )
    return Services(settings, storage, packages, TranslationEngine(storage, machine), load_lexicon())
