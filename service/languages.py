"""Language codes the service accepts: ISO 639-1 two-letter codes, via pycountry."""
from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=None)
def language_name(code: str) -> str | None:
    """English name of an ISO 639-1 code, or None when the code is not one."""
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    entry = pycountry.languages.get(alpha_2=code.lower())
    return None if entry is None else entry.name


def is_known(code: str) -> bool:
    return language_name(code) is not None
