"""Small TMX 1.4 documents for the translation-memory tests."""
from __future__ import annotations


def tmx(body: str, srclang: str = "ru", prolog: str = "") -> bytes:
    """A TMX document whose ``<body>`` is ``body``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<tmx version="1.4">'
        f'<header srclang="{srclang}" datatype="plaintext" segtype="sentence" adminlang="en" '
        f'creationtool="test" creationtoolversion="1" o-tmf="none"/><body>{body}</body></tmx>'
    ).encode()


def tu(ru_lang: str, ru: str, en_lang: str, en: str) -> str:
    """One translation unit: ``ru`` in ``ru_lang`` and ``en`` in ``en_lang``."""
    return f'<tu><tuv xml:lang="{ru_lang}"><seg>{ru}</seg></tuv><tuv xml:lang="{en_lang}"><seg>{en}</seg></tuv></tu>'
