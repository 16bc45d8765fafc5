"""Command line: serve, compare files, manage translation packages and memory, load samples.

    python -m service serve [--host H] [--port P] [--workers N]
    python -m service compare A.txt B.txt [--lang ru,en] [--labels A,B] [--target en] [--json]
    python -m service models list | available | install FROM TO | install-file FILE | remove FROM TO | ensure
    python -m service memory import FILE
    python -m service samples load [--folder samples]

Settings come from the environment (``COMPARE_*``) as for the server.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import Settings, parse_pair
from .errors import ServiceError
from .services import Services, build_services


def _services() -> Services:
    return build_services(Settings.load())


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve

    overrides = {k: v for k, v in {"host": args.host, "port": args.port, "workers": args.workers}.items() if v is not None}
    serve(Settings.load(overrides))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    langs = args.lang.split(",") if args.lang else []
    labels = args.labels.split(",") if args.labels else []
    versions = []
    for i, path in enumerate(args.files):
        version = {"text": Path(path).read_text(encoding="utf-8"), "label": labels[i] if i < len(labels) else Path(path).stem}
        if i < len(langs) and langs[i]:
            version["language"] = langs[i]
        versions.append(version)
    body = {"versions": versions, "title": args.title}
    if args.target:
        body["target_language"] = args.target
    services = _services()
    result = services.run_comparison(body)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_summary(result))
    return 0


def render_summary(result: dict) -> str:
    """A readable account of a comparison's signals, most severe first."""
    lines = [result["title"], ""]
    for v in result["versions"]:
        how = f"detected, {v['language_confidence']:.0%}" if v["language_detected"] else "given"
        lines.append(f"  {v['label']}: {v['language']} ({how}), {len(v['sentences'])} sentences, {len(v['quotes'])} quotes")
    counts = ", ".join(f"{k} {n}" for k, n in result["summary"]["signals_by_type"].items()) or "none"
    lines += ["", f"Signals: {counts}", ""]
    for s in result["signals"]:
        lines.append(f"[{s['severity']:.2f}] {s['type']} ({s['version']} vs {s['counterpart']}): {s['detail']}")
        lines.append(f"        {s['text']}")
        if s["translation"] != s["text"]:
            lines.append(f"        = {s['translation']}")
    return "\n".join(lines)


def cmd_models(args: argparse.Namespace) -> int:
    from .translation.packages import PackageError, ensure

    services = _services()
    manager = services.packages
    try:
        if args.action == "list":
            for info in manager.installed():
                print(f"{info.pair}\t{info.version}\t{info.path}")
            pivots = sorted(set(services.translation_pairs()) - {i.pair for i in manager.installed()})
            if pivots:
                print("via English: " + " ".join(pivots))
        elif args.action == "available":
            for info in manager.available():
                print(f"{info.pair}\t{info.version}")
        elif args.action == "install":
            info = manager.install(args.source, args.target)
            print(f"installed {info.pair} {info.version}")
        elif args.action == "install-file":
            info = manager.install_file(Path(args.file))
            print(f"installed {info.pair} {info.version} from {args.file}")
        elif args.action == "remove":
            if not manager.remove(args.source, args.target):
                print(f"{args.source}-{args.target} is not installed", file=sys.stderr)
                return 1
            print(f"removed {args.source}-{args.target}")
        elif args.action == "ensure":
            pairs = [parse_pair(p) for p in args.pairs] if args.pairs else services.settings.pairs()
            lines = ensure(manager, pairs)
            for line in lines:
                print(line)
            if args.strict and any("MISSING" in line for line in lines):
                return 1
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_memory(args: argparse.Namespace) -> int:
    from .translation.memory_files import MemoryFileError, parse_json, parse_tmx

    data = Path(args.file).read_bytes()
    try:
        entries = parse_json(data) if args.file.endswith(".json") else parse_tmx(data)
    except MemoryFileError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    print(f"imported {_services().storage.import_memory(entries)} entries")
    return 0


def cmd_samples(args: argparse.Namespace) -> int:
    from .samples import load_samples

    for line in load_samples(_services(), Path(args.folder)):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the API and pages with gunicorn")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.set_defaults(func=cmd_serve)

    comp = sub.add_parser("compare", help="compare text files (the first is the reference)")
    comp.add_argument("files", nargs="+", metavar="FILE")
    comp.add_argument("--lang", help="languages in file order, e.g. ru,en (blank to detect: ,en)")
    comp.add_argument("--labels", help="labels in file order (default: file names)")
    comp.add_argument("--target", help="language to compare in (default: COMPARE_TARGET_LANGUAGE)")
    comp.add_argument("--title")
    comp.add_argument("--json", action="store_true", help="print the API's JSON result")
    comp.set_defaults(func=cmd_compare)

    models = sub.add_parser("models", help="translation packages")
    msub = models.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="installed packages and pivots")
    msub.add_parser("available", help="packages in the configured index")
    for name in ("install", "remove"):
        p = msub.add_parser(name, help=f"{name} the package for a pair, e.g. ru en")
        p.add_argument("source")
        p.add_argument("target")
    p = msub.add_parser("install-file", help="install a downloaded .argosmodel file")
    p.add_argument("file")
    p = msub.add_parser("ensure", help="install the configured pairs that are missing; reports, never fails")
    p.add_argument("pairs", nargs="*", metavar="PAIR", help="e.g. ru-en (default: COMPARE_MODELS)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a pair could not be installed (image builds)")
    models.set_defaults(func=cmd_models)

    memory = sub.add_parser("memory", help="translation memory")
    memsub = memory.add_subparsers(dest="action", required=True)
    p = memsub.add_parser("import", help="import a TMX 1.4 or JSON file")
    p.add_argument("file")
    memory.set_defaults(func=cmd_memory)

    samples = sub.add_parser("samples", help="sample comparisons")
    ssub = samples.add_subparsers(dest="action", required=True)
    p = ssub.add_parser("load", help="store the samples (once each)")
    p.add_argument("--folder", default="samples")
    samples.set_defaults(func=cmd_samples)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ServiceError as exc:
        print(f"error: {exc.message}" + (f"\nhint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
