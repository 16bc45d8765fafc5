"""The pages' signing key when none is configured: made once, kept beside the database.

Every gunicorn worker (and every restart) must sign with the same key, so the first
process to start writes one and the others read it. The file is never seen half-written:
the key is written to a temporary file, flushed, and renamed over the final name (an
atomic step), under an exclusive lock so that two processes starting together cannot
each install their own key. Readers re-read until the file holds a key.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"
WAIT_SECONDS = 10.0


def persistent_secret(folder: Path) -> str:
    """The key stored in ``folder``, created there when there is none (or only an empty file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        key = _read(path)
        if key:
            return key
        with open(folder / f".{FILE_NAME}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _read(path):  # still none now that this process holds the lock: make it
                _write_atomically(path, secrets.token_urlsafe(48))
        if time.monotonic() > deadline:
            raise RuntimeError(f"the signing key file {path} stays empty; remove it and start again")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def _write_atomically(path: Path, key: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
