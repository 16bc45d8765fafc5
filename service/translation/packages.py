"""Argos Translate packages: list, read the index, install (online or from a file), remove.

Package management goes through the ``argostranslate`` module of ``argos-translate-lt``
(LibreTranslate's distribution, without stanza and PyTorch). argostranslate reads its
folders from module-level settings at import time, so :class:`PackageManager` points
those settings at our configured folder before every call instead of relying on $HOME.
The index may be a URL or a local ``index.json`` (a mirror or an air-gapped copy); links
inside it may be URLs or local paths. Network reads have a timeout, so an offline machine
gets a quick, clear failure instead of a hang.
"""
from __future__ import annotations

import json
import logging
import shutil
import threading
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
#: seconds to wait for the package index or a download to start answering: a dropped network
#: fails fast (``make run`` would otherwise wait this long for every missing pair)
NETWORK_TIMEOUT_SECONDS = 5
PIVOT = "en"
OFFLINE_HINT = ("Offline, install a downloaded file with `python -m service models install-file FILE.argosmodel`, "
                "or point COMPARE_PACKAGE_INDEX at a local index.json whose links are local paths or a mirror.")
_argos_lock = threading.Lock()


class PackageError(Exception):
    """A package could not be found, fetched or installed; the message says why."""


@dataclass(frozen=True)
class PackageInfo:
    from_code: str
    to_code: str
    version: str
    name: str
    path: Path | None = None
    target_prefix: str = ""
    links: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def install_command(source: str, target: str) -> str:
    return f"python -m service models install {source} {target}"


class PackageManager:
    def __init__(self, packages_dir: Path, index_location: str):
        self.packages_dir = Path(packages_dir)
        self.index_location = index_location
        self._cache: tuple[int, list] | None = None  # (folder mtime, packages read then)

    # argostranslate installs into a folder kept in a module global: callers hold
    # _argos_lock from pointing it at ours until the install or removal is done.
    def _argos(self):
        from argostranslate import package, settings

        self.packages_dir.mkdir(parents=True, exist_ok=True)
        settings.package_data_dir = self.packages_dir
        settings.package_dirs = [self.packages_dir]
        return package

    def argos_packages(self) -> list:
        """argostranslate's Package objects (tokenizer, model path, prefix) in our folder."""
        from argostranslate import package

        try:
            stamp = self.packages_dir.stat().st_mtime_ns
        except OSError:
            return []
        # Every comparison asks which pairs exist: re-read the folder only when an install
        # or removal (by this process or another, e.g. the CLI) has changed it.
        cached = self._cache
        if cached is not None and cached[0] == stamp:
            return list(cached[1])
        found = []
        with _argos_lock:
            for folder in sorted(self.packages_dir.iterdir()):
                if not folder.is_dir() or folder.name.startswith("."):  # a copy under way
                    continue
                try:
                    pkg = package.Package(folder)
                except (OSError, ValueError, KeyError) as exc:  # a half-copied or foreign folder
                    log.warning("ignoring %s: not an Argos package (%s)", folder.name, exc)
                    continue
                if getattr(pkg, "type", "translate") == "translate":
                    found.append(pkg)
        self._cache = (stamp, found)
        return list(found)

    def installed(self) -> list[PackageInfo]:
        found = []
        for pkg in self.argos_packages():
            found.append(
                PackageInfo(
                    pkg.from_code, pkg.to_code, str(pkg.package_version),
                    f"translate-{pkg.from_code}_{pkg.to_code}", pkg.package_path,
                    getattr(pkg, "target_prefix", "") or "",
                )
            )
        return sorted(found, key=lambda p: p.pair)

    def installed_pairs(self) -> set[tuple[str, str]]:
        return {(p.from_code, p.to_code) for p in self.installed()}

    def available(self) -> list[PackageInfo]:
        """Packages the configured index offers (read fresh each call)."""
        raw = self._read(self.index_location, what="package index")
        try:
            entries = json.loads(raw)
            return sorted(
                (
                    PackageInfo(
                        e["from_code"], e["to_code"], str(e.get("package_version", "")),
                        f"translate-{e['from_code']}_{e['to_code']}", None,
                        e.get("target_prefix", "") or "", tuple(e.get("links", [])),
                    )
                    for e in entries
                    if e.get("type", "translate") == "translate"
                ),
                key=lambda p: p.pair,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise PackageError(f"the package index at {self.index_location} is not a valid index: {exc}") from exc

    def install(self, source: str, target: str, offers: list[PackageInfo] | None = None) -> PackageInfo:
        """Download the index's package for the pair and install it (``offers``: a read index)."""
        matching = [p for p in (self.available() if offers is None else offers) if (p.from_code, p.to_code) == (source, target)]
        if not matching:
            raise PackageError(f"the package index offers no {source}→{target} package")
        offer = matching[-1]
        errors = []
        for link in offer.links:
            try:
                data = self._read(link, what="package")
            except PackageError as exc:
                errors.append(str(exc))
                continue
            downloads = self.packages_dir.parent / "downloads"
            downloads.mkdir(parents=True, exist_ok=True)
            file = downloads / f"{offer.name}-{offer.version}.argosmodel"
            file.write_bytes(data)
            try:
                return self.install_file(file)
            finally:
                file.unlink(missing_ok=True)
        raise PackageError("; ".join(errors) or f"the {source}→{target} package has no download link")

    def install_file(self, path: Path) -> PackageInfo:
        """Install a downloaded ``.argosmodel`` file (a zip with metadata.json in one folder)."""
        path = Path(path)
        if not path.is_file():
            raise PackageError(f"no such file: {path}")
        metadata = _read_metadata(path)
        with _argos_lock:
            package = self._argos()
            for pkg in package.get_installed_packages([self.packages_dir]):
                if (pkg.from_code, pkg.to_code) == (metadata["from_code"], metadata["to_code"]):
                    package.uninstall(pkg)
            package.install_from_path(path)
        for info in self.installed():
            if (info.from_code, info.to_code) == (metadata["from_code"], metadata["to_code"]):
                return info
        raise PackageError(f"{path.name} was unpacked but no package appeared in {self.packages_dir}")

    def remove(self, source: str, target: str) -> bool:
        with _argos_lock:
            package = self._argos()
            for pkg in package.get_installed_packages([self.packages_dir]):
                if (pkg.from_code, pkg.to_code) == (source, target):
                    package.uninstall(pkg)
                    return True
        return False

    def seed_from(self, folder: Path) -> list[PackageInfo]:
        """Copy in the packages of ``folder`` whose pair is not installed here; return those copied.

        The Docker image bakes its packages outside the ``/models`` volume and seeds the volume
        at start: a pair the volume already holds (installed or replaced by hand) is kept.
        """
        installed = self.installed_pairs()
        copied = []
        for info in PackageManager(Path(folder), self.index_location).installed():
            if (info.from_code, info.to_code) in installed or info.path is None:
                continue
            self.packages_dir.mkdir(parents=True, exist_ok=True)
            final = self.packages_dir / info.path.name
            partial = self.packages_dir / f".seeding-{info.path.name}"  # hidden until complete
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(info.path, partial)
            shutil.rmtree(final, ignore_errors=True)  # a foreign or broken folder of the same name
            partial.rename(final)
            installed.add((info.from_code, info.to_code))
            copied.append(info)
        return copied

    def _read(self, location: str, what: str) -> bytes:
        if "://" not in location or location.startswith("file://"):
            local = Path(location.removeprefix("file://"))
            try:
                return local.read_bytes()
            except OSError as exc:
                raise PackageError(f"cannot read the {what} at {local}: {exc.strerror}. {OFFLINE_HINT}") from exc
        try:
            request = urllib.request.Request(location, headers={"User-Agent": "compare-service"})
            with urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT_SECONDS) as response:
                return response.read()
        except (OSError, ValueError) as exc:
            raise PackageError(f"cannot download the {what} from {location}: {exc}. {OFFLINE_HINT}") from exc


def routes(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Every translatable pair with the packages it runs through (direct or via English)."""
    found = {pair: [pair] for pair in pairs}
    for a, b in pairs:
        if b != PIVOT:
            continue
        for c, d in pairs:
            if c == PIVOT and d != a and (a, d) not in found:
                found[(a, d)] = [(a, PIVOT), (PIVOT, d)]
    return found


def _read_metadata(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith("metadata.json") and n.count("/") == 1]
            if not names:
                raise PackageError(f"{path.name} has no <folder>/metadata.json: not an Argos package")
            metadata = json.loads(archive.read(names[0]))
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{path.name} is not a zip archive: not an Argos package") from exc
    except ValueError as exc:
        raise PackageError(f"{path.name} has an unreadable metadata.json") from exc
    if not isinstance(metadata, dict) or not {"from_code", "to_code"} <= metadata.keys():
        raise PackageError(f"{path.name}'s metadata.json names no from_code/to_code")
    return metadata


def ensure(manager: PackageManager, pairs: list[tuple[str, str]]) -> list[str]:
    """Try to install each missing pair; return one line per pair saying how it stands."""
    lines = []
    installed = manager.installed_pairs()
    missing = [pair for pair in pairs if pair not in installed]
    lines += [f"{a}-{b}: installed" for a, b in pairs if (a, b) in installed]
    offers: list[PackageInfo] | None = None
    index_error = None
    if missing:
        try:
            offers = manager.available()
        except PackageError as exc:
            index_error = exc
    for source, target in missing:
        try:
            if index_error is not None:
                raise index_error
            manager.install(source, target, offers)
            lines.append(f"{source}-{target}: installed now")
        except PackageError as exc:
            lines.append(
                f"{source}-{target}: MISSING ({exc}). Install it later with "
                f"`{install_command(source, target)}`, or offline from a downloaded file with "
                f"`python -m service models install-file translate-{source}_{target}-<version>.argosmodel`."
            )
    return lines
