"""The pages' signing key: one per data folder, never read half-written, even when many
workers start at the same moment."""
from __future__ import annotations

import multiprocessing

from service.secret_key import FILE_NAME, persistent_secret

PROCESSES = 12
ROUNDS = 15


def _start_together(folder: str, barrier, results) -> None:
    from pathlib import Path

    barrier.wait()
    results.put(persistent_secret(Path(folder)))


def test_processes_starting_together_all_get_one_nonempty_key(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_number in range(ROUNDS):
        folder = tmp_path / f"round{round_number}"
        barrier, results = context.Barrier(PROCESSES), context.Queue()
        workers = [context.Process(target=_start_together, args=(str(folder), barrier, results))
                   for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        keys = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
            assert worker.exitcode == 0
        assert len(set(keys)) == 1 and len(keys[0]) >= 32, f"round {round_number}: {len(set(keys))} keys"
        assert (folder / FILE_NAME).read_text() == keys[0]
        assert sorted(p.name for p in folder.iterdir()) == [f".{FILE_NAME}.lock", FILE_NAME]  # no temporary left


def test_an_empty_key_file_left_by_a_crash_is_replaced(tmp_path):
    (tmp_path / FILE_NAME).write_text("")
    key = persistent_secret(tmp_path)
    assert len(key) >= 32 and persistent_secret(tmp_path) == key
    assert oct((tmp_path / FILE_NAME).stat().st_mode & 0o777) == "0o600"
