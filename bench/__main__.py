"""Run the benchmarks: `python -m bench [translation|engine|hostile|encoder|untranslated|batch|pairing ...]` (all when none is named)."""
from __future__ import annotations

import sys

from . import batch, encoder, engine, hostile, pairing, translation, untranslated

BENCHMARKS = {"engine": engine.main, "translation": translation.main, "hostile": hostile.main,
              "encoder": encoder.main, "untranslated": untranslated.main, "batch": batch.main,
              "pairing": pairing.main}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
