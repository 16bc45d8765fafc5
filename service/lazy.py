"""Build expensive things once, on first use: models, dictionaries, segmenters, tables.

natasha's NER, pymorphy3's dictionaries, pysbd's segmenters, langdetect's profiles, the
lexicon and the language data take from milliseconds to seconds and up to tens of MB to
build, and never change while the process runs. They must not be rebuilt per request, and
a process that never needs one (a CLI command, a test) should not pay for it. So each is
built by a function decorated with :func:`once`: the first call with given arguments builds
the value, under a lock so that threads asking at the same moment build it only once; every
later call returns the same object.

PyStemmer objects must not be shared between threads: :func:`per_thread` builds one value
per thread instead (cheap ones only).
"""
from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


def once(build: Callable[..., T]) -> Callable[..., T]:
    """``build(*args)`` runs at most once per process for each tuple of (hashable) arguments."""
    built: dict[tuple, T] = {}
    lock = threading.RLock()  # re-entrant: a builder may ask for another key of its own function

    @functools.wraps(build)
    def get(*args):
        try:
            return built[args]
        except KeyError:
            with lock:
                if args not in built:
                    built[args] = build(*args)
                return built[args]

    return get


def per_thread(build: Callable[..., T]) -> Callable[..., T]:
    """``build(*args)`` runs at most once per thread for each tuple of (hashable) arguments."""
    local = threading.local()

    @functools.wraps(build)
    def get(*args):
        built = getattr(local, "built", None)
        if built is None:
            built = local.built = {}
        try:
            return built[args]
        except KeyError:
            value = built[args] = build(*args)
            return value

    return get
