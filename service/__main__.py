"""Command line: serve, compare files, manage translation packages and memory, load samples.

    python -m service serve [--host H] [--port P] [--workers N]
    python -m service compare A.txt B.html https://… [--lang ru,en] [--labels A,B] [--target en] [--json]
    python -m service models list | available | install FROM TO | install-file FILE | remove FROM TO | ensure | seed FOLDER
    python -m service memory import FILE
    python -m service samples load [--folder samples]
    python -m service worker [--concurrency N]
    python -m service batch submit FILE.jsonl [--out RESULTS.jsonl] | status BATCH
    python -m service sources add URL --outlet NAME [--language L] | read FEED.xml --outlet NAME | list
    python -m service watch [--once]
    python -m service pair [FOLDER|FILE.jsonl] [--threshold T] [--json]

Built on click (which Flask brings). Settings come from the environment (``COMPARE_*``)
as for the server. Exit status: 0 done, 1 a package or memory command failed, 2 the
input or the service refused (the message and its hint go to standard error).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .config import Settings, parse_pair
from .contract import dump_comparison
from .errors import ServiceError
from .model import Comparison, Version
from .services import Services, build_services


class _Commands(click.Group):
    """Every command's refusals said in one way: the message, its hint, exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ServiceError as exc:
            click.echo(f"error: {exc.message}" + (f"\nhint: {exc.hint}" if exc.hint else ""), err=True)
            ctx.exit(2)
        except (OSError, ValueError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


def _services() -> Services:
    return build_services(Settings.load())


@click.group(cls=_Commands, help=__doc__.split("\n")[0])
def cli() -> None:
    pass


@cli.command(help="Serve the API and pages with gunicorn.")
@click.option("--host")
@click.option("--port", type=int)
@click.option("--workers", type=int)
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    from .server import serve as run

    overrides = {k: v for k, v in {"host": host, "port": port, "workers": workers}.items() if v is not None}
    run(Settings.load(overrides))


@cli.command(help="Compare text files, saved HTML pages (.html) or article URLs (the first is the reference).")
@click.argument("files", nargs=-1, required=True)
@click.option("--lang", help="languages in file order, e.g. ru,en (blank to detect: ,en)")
@click.option("--labels", help="labels in file order (default: file names)")
@click.option("--target", help="language to compare in (default: COMPARE_TARGET_LANGUAGE)")
@click.option("--title")
@click.option("--json", "as_json", is_flag=True, help="print the API's JSON result")
@click.option("--require-translation", is_flag=True,
              help="fail (naming the install command) rather than compare sentences nothing translates")
def compare(files: tuple[str, ...], lang: str | None, labels: str | None, target: str | None,
            title: str | None, as_json: bool, require_translation: bool) -> None:
    langs = lang.split(",") if lang else []
    names = labels.split(",") if labels else []
    versions = []
    for i, name in enumerate(files):
        version = {**_version_source(name), "label": names[i] if i < len(names) else _default_label(name)}
        if i < len(langs) and langs[i]:
            version["language"] = langs[i]
        taken = {v["label"] for v in versions}
        if version["label"] in taken:  # two pages of one site
            version["label"] = f"{version['label'][:58]} ({i + 1})"
        versions.append(version)
    body = {"versions": versions, "title": title, "require_translation": require_translation}
    if target:
        body["target_language"] = target
    result = _services().run_comparison(body)
    click.echo(dump_comparison(result) if as_json else render_summary(result))


def _version_source(name: str) -> dict:
    """A version's text, page or address, by what ``name`` is."""
    if name.startswith(("http://", "https://")):
        return {"url": name}
    path = Path(name)
    if not path.is_file():
        raise click.BadParameter(f"{name}: no such file (and not an http or https address)")
    if path.suffix.lower() in (".html", ".htm"):
        return {"html": path.read_bytes().decode("utf-8", errors="replace") if _declares_utf8(path)
                else _page_text(path)}
    return {"text": path.read_text(encoding="utf-8")}


def _declares_utf8(path: Path) -> bool:
    head = path.read_bytes()[:2048].lower()
    return b"charset" not in head or b"utf-8" in head or b"utf8" in head


def _page_text(path: Path) -> str:
    """A saved page in another charset, decoded as its ``<meta charset>`` says (trafilatura's
    reading), so that it can travel in the request as text."""
    from trafilatura.utils import decode_file

    return decode_file(path.read_bytes())


def _default_label(name: str) -> str:
    if name.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        return (urlsplit(name).hostname or name)[:64]
    return Path(name).stem


def render_summary(result: Comparison) -> str:
    """A readable account of a comparison's signals, most severe first; each version's speakers
    and their cues in the comparison's language, the version's own words in brackets when they differ."""
    lines = [result.title, ""]
    for v in result.versions:
        how = f"detected, {v.language_confidence:.0%}" if v.language_detected else "given"
        lines.append(f"  {v.label}: {v.language} ({how}), {len(v.sentences)} sentences, {len(v.quotes)} quotes")
        speakers = _speakers(v)
        if speakers:
            lines.append(f"    speakers: {speakers}")
    untranslated = {label: n for label, n in result.summary.untranslated.items() if n}
    if untranslated:
        lines += ["", "Untranslated (compared in the original, by meaning, numbers and names; no word differences): "
                  + ", ".join(f"{label} {n} sentence{'s' if n != 1 else ''}" for label, n in untranslated.items()),
                  "  to translate them: " + "; ".join(result.summary.install_commands)]
    counts = ", ".join(f"{k} {n}" for k, n in result.summary.signals_by_type.items()) or "none"
    lines += ["", f"Signals: {counts}", ""]
    for s in result.signals:
        lines.append(f"[{s.severity:.2f}] {s.type} ({s.version} vs {s.counterpart}): {s.detail}")
        lines.append(f"        {s.text}")
        if s.translation is None:
            lines.append("        = (not translated)")
        elif s.translation != s.text:
            lines.append(f"        = {s.translation}")
    return "\n".join(lines)


def _shown(translation: str | None, original: str) -> str:
    """A name or cue in the comparison's language, the original in brackets when it differs."""
    text = translation or original
    return text if text == original else f"{text} [{original}]"


def _speakers(version: Version) -> str:
    """Each speaker of a version once, with the cues that introduce them: "Kim Jong Un [Ким Чен Ын]: stressed [подчеркнул]"."""
    cues: dict[str, list[str]] = {}
    for quote in version.quotes:
        if quote.speaker:
            said = cues.setdefault(_shown(quote.speaker_translation, quote.speaker), [])
            if quote.attribution:
                cue = _shown(quote.attribution_translation, quote.attribution)
                if cue not in said:
                    said.append(cue)
    return "; ".join(f"{who}: {', '.join(said)}" if said else who for who, said in cues.items())


@cli.group(cls=_Commands, help="Translation packages.")
def models() -> None:
    pass


def _package_errors(function):
    """A package command that fails says why and exits 1."""
    from functools import wraps

    @wraps(function)
    def run(*args, **kwargs):
        from .translation.packages import PackageError

        try:
            return function(*args, **kwargs)
        except PackageError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    return run


@models.command("list", help="Installed packages and pivots.")
@_package_errors
def models_list() -> None:
    services = _services()
    installed = services.packages.installed()
    if not installed:
        click.echo(f"No translation package is installed (in {services.settings.packages_dir}). Install one with "
                   "`python -m service models install ru en`, or offline "
                   "`python -m service models install-file translate-ru_en.argosmodel`; "
                   "`python -m service models available` lists what the index offers.")
    for info in installed:
        click.echo(f"{info.pair}\t{info.version}\t{info.path}")
    pivots = sorted(set(services.translation_pairs()) - {i.pair for i in installed})
    if pivots:
        click.echo("via English: " + " ".join(pivots))


@models.command(help="Packages in the configured index.")
@_package_errors
def available() -> None:
    for info in _services().packages.available():
        click.echo(f"{info.pair}\t{info.version}")


@models.command(help="Install the package for a pair, e.g. ru en.")
@click.argument("source")
@click.argument("target")
@_package_errors
def install(source: str, target: str) -> None:
    from .languages import is_known

    for code in (source, target):
        if not is_known(code):
            click.echo(f"error: {code!r} is not an ISO 639-1 language code (two letters: ru, en, ko, zh...)", err=True)
            sys.exit(2)
    info = _services().packages.install(source, target)
    click.echo(f"installed {info.pair} {info.version}")


@models.command("install-file", help="Install a downloaded .argosmodel file.")
@click.argument("file", type=click.Path(path_type=Path))
@_package_errors
def install_file(file: Path) -> None:
    info = _services().packages.install_file(file)
    click.echo(f"installed {info.pair} {info.version} from {file}")


@models.command(help="Remove the package for a pair, e.g. ru en.")
@click.argument("source")
@click.argument("target")
@_package_errors
def remove(source: str, target: str) -> None:
    if not _services().packages.remove(source, target):
        click.echo(f"{source}-{target} is not installed", err=True)
        sys.exit(1)
    click.echo(f"removed {source}-{target}")


@models.command(help="Copy in the packages of FOLDER whose pair is not installed (the image's baked ones).")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_package_errors
def seed(folder: Path) -> None:
    for info in _services().packages.seed_from(folder):
        click.echo(f"seeded {info.pair} {info.version} from {folder}")


@models.command(help="Install the configured pairs that are missing; reports, never fails.")
@click.argument("pairs", nargs=-1, metavar="PAIR")
@click.option("--strict", is_flag=True, help="exit 1 when a pair could not be installed (image builds)")
@_package_errors
def ensure(pairs: tuple[str, ...], strict: bool) -> None:
    from .translation.packages import ensure as ensure_pairs

    services = _services()
    wanted = [parse_pair(p) for p in pairs] if pairs else services.settings.pairs()
    lines = ensure_pairs(services.packages, wanted)
    for line in lines:
        click.echo(line)
    if strict and any("MISSING" in line for line in lines):
        sys.exit(1)


@cli.group(cls=_Commands, help="Translation memory.")
def memory() -> None:
    pass


@memory.command("import", help="Import a TMX 1.4 or JSON file.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def memory_import(file: Path) -> None:
    from .translation.memory_files import MemoryFileError, parse_json, parse_tmx

    data = file.read_bytes()
    try:
        entries = parse_json(data) if file.suffix.lower() == ".json" else parse_tmx(data)
    except MemoryFileError as exc:
        click.echo(f"error: {file}: {exc}", err=True)
        sys.exit(1)
    click.echo(f"imported {_services().storage.import_memory(entries)} entries")


@cli.command(help="Search the stored comparisons (titles, labels, texts, translations, quotes, speakers).")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
def search(query: str, limit: int) -> None:
    from .contract import ListQuery, parse

    parsed = parse(ListQuery, {"q": query, "limit": str(limit)})  # the API's limits on the query
    items, total = _services().storage.list_comparisons(parsed.limit, 0, parsed.q.strip() or None)
    click.echo(f"{total} comparison{'s' if total != 1 else ''} match “{parsed.q.strip()}”"
               + (f" (the newest {len(items)} shown)" if total > len(items) else ""))
    for item in items:
        click.echo(f"\n{item['id']}  {item['created_at'][:16].replace('T', ' ')}  {item['title']}")
        for hit in item.get("found_in") or []:
            where = hit["field"] + (f" ({hit['version']})" if hit["version"] else "")
            click.echo(f"    {where}: {hit['excerpt']}")


@cli.command(help="Run comparison jobs from the broker (COMPARE_BROKER_URL) as a Celery worker.")
@click.option("--concurrency", type=int, default=1, show_default=True, help="worker processes (prefork pool)")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, loglevel: str) -> None:
    from .workers import run_worker

    run_worker(Settings.load(), concurrency, loglevel)


@cli.group(cls=_Commands, help="Batches of comparisons (jobs): run by this process, or by the workers of "
                               "COMPARE_BROKER_URL when it is set.")
def batch() -> None:
    pass


@batch.command("submit", help="Compare every request of FILE (NDJSON: one POST /api/comparisons body a line, or a "
                              "JSON array) in this process, with a progress bar; results as NDJSON.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write the results here (default: stdout)")
def batch_submit(file: Path, out: Path | None) -> None:
    from .jobs import MAX_BATCH, Jobs

    bodies = _read_requests(file)
    if not bodies or len(bodies) > MAX_BATCH:
        click.echo(f"error: {file} holds {len(bodies)} comparison requests; a batch holds 1 to {MAX_BATCH:,}", err=True)
        sys.exit(2)
    services = _services()
    dispatch = None
    if services.settings.broker_url:  # the workers run it; this process follows its progress
        from .workers import CeleryDispatch

        dispatch = CeleryDispatch(services.settings)
    jobs = Jobs(services, services.settings.job_threads, dispatch)
    batch_id, _ = jobs.submit_batch(bodies)
    click.echo(f"batch {batch_id}: {len(bodies)} comparisons", err=True)
    status = _follow(services.storage, batch_id)
    jobs.shutdown()
    lines = [json.dumps({"position": j["position"], "job": j["id"], "state": j["state"],
                         "comparison_id": j["comparison_id"], "error": j["error"]}, ensure_ascii=False)
             for j in services.storage.batch_jobs(batch_id)]
    text = "\n".join(lines) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    counts = status["counts"]
    click.echo(f"batch {batch_id}: {counts['done']} done, {counts['failed']} failed", err=True)
    sys.exit(1 if counts["failed"] else 0)


@batch.command("status", help="A batch's jobs counted by state, and its first failures.")
@click.argument("batch_id")
def batch_status(batch_id: str) -> None:
    status = _services().storage.batch_status(batch_id, failures=10)
    if status is None:
        click.echo(f"error: no batch has the id {batch_id}", err=True)
        sys.exit(1)
    counts, total = status["counts"], status["total"]
    ended = counts["done"] + counts["failed"]
    width = 30
    filled = width * ended // max(1, total)
    click.echo(f"[{'#' * filled}{'.' * (width - filled)}] {ended}/{total} ended: " +
               ", ".join(f"{n} {state}" for state, n in counts.items()))
    for failure in status["failures"]:
        error = failure["error"]["error"]
        click.echo(f"  #{failure['position']} {failure['job']}: {error['code']}: {error['message']}")


def _read_requests(file: Path) -> list:
    text = file.read_text(encoding="utf-8-sig")
    try:
        if text.lstrip().startswith("["):
            return json.loads(text)
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError as exc:
        click.echo(f"error: {file}: not JSON lines nor a JSON array ({exc})", err=True)
        sys.exit(2)


def _follow(storage, batch_id: str) -> dict:
    """Wait for the batch to end, with a progress bar on stderr (tqdm)."""
    import time

    from tqdm import tqdm

    status = storage.batch_status(batch_id)
    with tqdm(total=status["total"], unit="comparison", file=sys.stderr, disable=None) as bar:
        while True:
            status = storage.batch_status(batch_id)
            ended = status["counts"]["done"] + status["counts"]["failed"]
            bar.update(ended - bar.n)
            if ended >= status["total"]:
                return status
            time.sleep(0.2)


@cli.group(cls=_Commands, help="Feeds that `watch` polls.")
def sources() -> None:
    pass


@sources.command("add", help="Register an RSS or Atom feed.")
@click.argument("url")
@click.option("--outlet", required=True, help="the outlet's name, e.g. TASS")
@click.option("--language", help="the feed's language (ISO 639-1); detected per article when absent")
@click.option("--interval", type=click.IntRange(60, 7 * 86400), help="seconds between polls")
def sources_add(url: str, outlet: str, language: str | None, interval: int | None) -> None:
    from .contract import SourceRequest, parse

    body = parse(SourceRequest, {"url": url, "outlet": outlet, "language": language, "interval_seconds": interval})
    source, created = _watcher(_services()).register(body.url, body.outlet.strip(), body.language, body.interval_seconds)
    click.echo(f"{'registered' if created else 'already registered'}: {source.id} {source.url} ({source.outlet})")


@sources.command("read", help="Read an RSS or Atom file: fetch and store its items' articles (as a poll does).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--outlet", required=True, help="the outlet's name, e.g. TASS")
@click.option("--language", help="the feed's language (ISO 639-1); detected per article when absent")
def sources_read(file: Path, outlet: str, language: str | None) -> None:
    from .ingest.feeds import read_feed

    feed = read_feed(file.read_bytes())
    report = _watcher(_services()).read_items(feed.items, outlet.strip(), language)
    click.echo(f"{report.items} items, {report.revisions} articles new or changed"
               + (f", comparisons run again: {', '.join(report.reruns)}" if report.reruns else "")
               + (f", {len(report.errors)} errors ({report.errors[0]})" if report.errors else ""))


@sources.command("list", help="The registered feeds.")
def sources_list() -> None:
    for s in _services().storage.list_sources():
        state = f"polled {s.polled_at}" if s.polled_at else "not polled yet"
        click.echo(f"{s.id}  {s.outlet}  {s.url}  every {s.interval_seconds} s, {state}"
                   + (f", last error: {s.last_error}" if s.last_error else ""))


def _watcher(services: Services):
    from .ingest.feeds import Watcher

    return Watcher(services.storage, services.ingestor, services.rerun, services.settings.watch_interval)


@cli.command(help="Poll the registered feeds: store new and changed articles, and run again the comparisons "
                  "that read an article which changed.")
@click.option("--once", is_flag=True, help="one round of the feeds that are due, then exit")
def watch(once: bool) -> None:
    import logging

    logging.basicConfig(level=Settings.load().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for report in _watcher(_services()).run(once=once):
        reruns = f", comparisons run again: {', '.join(report.reruns)}" if report.reruns else ""
        click.echo(f"{report.source}: {'not modified' if report.not_modified else f'{report.items} items'}"
                   f", {report.new_items} new, {report.revisions} articles new or changed{reruns}"
                   + (f", {len(report.errors)} errors ({report.errors[0]})" if report.errors else ""))


@cli.command(help="Find the versions of one story among articles: a JSONL archive, a folder of .json/.html/.txt "
                  "files, or (without PATH) the stored articles.")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--threshold", type=click.FloatRange(0, 1), help="clustering threshold (default: the measured one)")
@click.option("--since", help="stored articles published on or after this ISO date")
@click.option("--json", "as_json", is_flag=True, help="print the API's JSON answer")
def pair(path: Path | None, threshold: float | None, since: str | None, as_json: bool) -> None:
    from .ingest.archive import from_stored, read_path
    from .ingest.pairing import PairingResult

    services = _services()
    articles = read_path(path) if path else [from_stored(a) for a in services.storage.list_articles(since)]
    threshold = services.pairer.model.threshold if threshold is None else threshold
    clusters = services.pairer.pair(articles, threshold) if len(articles) > 1 else []
    if as_json:
        from pydantic import TypeAdapter

        click.echo(TypeAdapter(PairingResult).dump_json(PairingResult(len(articles), threshold, clusters)).decode())
        return
    titles = {a.id: a for a in articles}
    click.echo(f"{len(articles)} articles, {len(clusters)} clusters (threshold {threshold:.2f})")
    for n, cluster in enumerate(clusters, 1):
        evidence = "; ".join(part for part in (
            f"names: {', '.join(cluster.names)}" if cluster.names else "",
            f"figures: {', '.join(cluster.numbers)}" if cluster.numbers else "") if part)
        click.echo(f"\n{n}. score {cluster.score:.2f}" + (f" ({evidence})" if evidence else ""))
        for article_id in cluster.articles:
            a = titles[article_id]
            click.echo(f"   {article_id}  [{a.language or '?'}] {a.outlet or ''}  {a.title}")


@cli.group(cls=_Commands, help="Sample comparisons.")
def samples() -> None:
    pass


@samples.command(help="Store the samples (once each).")
@click.option("--folder", default="samples", type=click.Path(file_okay=False, path_type=Path))
def load(folder: Path) -> None:
    from .samples import load_samples

    for line in load_samples(_services(), folder):
        click.echo(line)


def main() -> None:
    cli(prog_name="python -m service")


if __name__ == "__main__":
    main()
