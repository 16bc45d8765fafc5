"""The command line (service/__main__.py, a click group) run in-process with click's CliRunner.

Settings come from the ``COMPARE_*`` environment as for the server: each test points the
database, the packages folder and the package index at its own temporary folder. Exit
status: 0 done, 1 a package or memory command failed, 2 the service refused (the message
and its hint on standard error). One test runs ``python -m service`` as a user does, to
check the entry point itself.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner, Result

from conftest import OTHER, REFERENCE, ROOT, SAMPLES
from service.__main__ import cli


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    return {"COMPARE_DATABASE": str(tmp_path / "db.sqlite3"), "COMPARE_PACKAGES_DIR": str(tmp_path / "packages"),
            "COMPARE_PACKAGE_INDEX": str(tmp_path / "missing-index.json")}


@pytest.fixture
def run(cli_env):
    """``run(*args)``: the CLI's result for ``args``, with the test's settings in the environment."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, list(args), env=cli_env, catch_exceptions=False, prog_name="python -m service")

    return invoke


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_entry_point_runs_the_click_group():
    done = subprocess.run([sys.executable, "-m", "service", "--help"], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Usage: python -m service" in done.stdout
    assert {"compare", "models", "memory", "samples", "serve"} <= set(done.stdout.split())


# -- compare -----------------------------------------------------------------------------------
def test_compare_prints_a_readable_summary(tmp_path, run):
    a, b = write(tmp_path, "wire.txt", REFERENCE), write(tmp_path, "outlet.txt", OTHER)
    done = run("compare", a, b, "--lang", "en,en")
    assert done.exit_code == 0, done.stderr
    assert "wire: en (given)" in done.stdout
    assert "quote_altered (outlet vs wire)" in done.stdout
    assert "sentence_missing" in done.stdout


def test_compare_names_speakers_and_cues_in_the_target_language(tmp_path, run):
    sample = json.loads((SAMPLES / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    assert run("memory", "import", str(SAMPLES / sample["translation_memory"])).exit_code == 0
    files = [write(tmp_path, f"{v['language']}.txt", v["text"]) for v in sample["versions"]]
    done = run("compare", *files, "--lang", "en,ru")
    assert done.exit_code == 0, done.stderr
    russian = next(line for line in done.stdout.splitlines() if line.strip().startswith("speakers:")
                   and "Ким Чен Ын" in line)
    assert "Kim Jong Un [Ким Чен Ын]: assured [заверил]" in russian and "Sergei Lavrov [Сергей Лавров]" in russian
    assert "Kremlin's official name for the war" in done.stdout  # the lexicon's English note


def test_compare_json_is_the_api_result(tmp_path, run):
    a, b = write(tmp_path, "a.txt", REFERENCE), write(tmp_path, "b.txt", OTHER)
    done = run("compare", a, b, "--json", "--labels", "A,B")
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert [v["label"] for v in result["versions"]] == ["A", "B"]
    assert all(v["language"] == "en" and v["language_detected"] for v in result["versions"])
    assert {"alignment", "quote_pairs", "signals", "summary"} <= set(result)


def test_compare_without_a_model_compares_untranslated_and_names_the_install_command(tmp_path, run):
    a = write(tmp_path, "a.txt", REFERENCE)
    b = write(tmp_path, "b.txt", "Министр прибыл в столицу в пятницу с трехдневным визитом.")
    done = run("compare", a, b, "--lang", "en,ru")
    assert done.exit_code == 0, done.stderr
    assert "Untranslated (compared in the original" in done.stdout and "b 1 sentence" in done.stdout
    assert "to translate them: python -m service models install ru en" in done.stdout
    done = run("compare", a, b, "--lang", "en,ru", "--require-translation")
    assert done.exit_code == 2
    assert done.stderr.startswith("error: ")
    assert "hint: python -m service models install ru en" in done.stderr
    assert "Traceback" not in done.stderr


# -- models ------------------------------------------------------------------------------------
def test_models_ensure_reports_missing_pairs_and_succeeds(run):
    done = run("models", "ensure", "ru-en", "ko-en")
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and all("MISSING" in line for line in lines)
    assert "python -m service models install ru en" in lines[0]
    assert "models install-file translate-ru_en" in lines[0]
    strict = run("models", "ensure", "--strict", "ru-en")
    assert strict.exit_code == 1


def test_models_install_file_list_available_install_remove(tmp_path, cli_env, run, package_files):
    index = tmp_path / "index.json"
    index.write_text(json.dumps([{"type": "translate", "from_code": "en", "to_code": "de", "package_version": "1.0",
                                  "links": [str(package_files[("en", "de")])]}]))
    cli_env["COMPARE_PACKAGE_INDEX"] = str(index)
    assert run("models", "install-file", str(package_files[("ru", "en")])).exit_code == 0
    assert run("models", "available").stdout.split() == ["en-de", "1.0"]
    assert run("models", "install", "en", "de").exit_code == 0
    listing = run("models", "list").stdout
    assert "ru-en\t1.0" in listing and "en-de\t1.0" in listing and "via English: ru-de" in listing
    assert run("models", "remove", "ru", "en").exit_code == 0
    assert "ru-en" not in run("models", "list").stdout


def test_models_seed_copies_baked_packages_missing_from_the_folder(tmp_path, run, package_files):
    from service.translation.packages import PackageManager

    baked = PackageManager(tmp_path / "baked", str(tmp_path / "index.json"))
    baked.install_file(package_files[("ko", "en")])
    assert run("models", "install-file", str(package_files[("ru", "en")])).exit_code == 0
    done = run("models", "seed", str(baked.packages_dir))
    assert done.exit_code == 0, done.stderr
    assert done.stdout == f"seeded ko-en 1.0 from {baked.packages_dir}\n"
    listing = run("models", "list").stdout
    assert "ko-en\t1.0" in listing and "ru-en\t1.0" in listing
    assert run("models", "seed", str(baked.packages_dir)).stdout == ""


def test_a_package_command_that_fails_exits_1(tmp_path, run):
    bogus = write(tmp_path, "bogus.argosmodel", "not a zip")
    done = run("models", "install-file", bogus)
    assert done.exit_code == 1 and done.stderr.startswith("error: ")
    done = run("models", "remove", "ru", "en")
    assert done.exit_code == 1 and "ru-en is not installed" in done.stderr


# -- memory and samples --------------------------------------------------------------------------
def test_memory_import_reports(tmp_path, run):
    memory = write(tmp_path, "tm.json", json.dumps({"entries": [
        {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}]}))
    done = run("memory", "import", memory)
    assert done.exit_code == 0 and "imported 1 entries" in done.stdout
    bad = write(tmp_path, "bad.json", "{\"entries\": 3}")
    done = run("memory", "import", bad)
    assert done.exit_code == 1 and "entries" in done.stderr


def test_samples_load_stores_each_sample_once(run):
    first = run("samples", "load", "--folder", str(SAMPLES))
    assert first.exit_code == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert len(lines) == 2 and all("loaded as" in line for line in lines)
    again = run("samples", "load", "--folder", str(SAMPLES)).stdout.strip().splitlines()
    assert len(again) == 2 and all("already loaded" in line for line in again)


# -- what a person is told -------------------------------------------------------------------
def test_models_list_with_nothing_installed_says_how_to_install(run):
    done = run("models", "list")
    assert done.exit_code == 0
    assert "No translation package is installed" in done.stdout
    assert "python -m service models install ru en" in done.stdout and "install-file" in done.stdout


def test_models_available_offline_points_to_install_file_and_the_index_setting(run):
    done = run("models", "available")
    assert done.exit_code == 1 and "Traceback" not in done.stderr
    assert "install-file" in done.stderr and "COMPARE_PACKAGE_INDEX" in done.stderr


def test_models_install_of_an_unknown_language_says_so_before_any_network(run):
    done = run("models", "install", "xx", "en")
    assert done.exit_code == 2
    assert "'xx' is not an ISO 639-1 language code" in done.stderr and "download" not in done.stderr


def test_serve_on_a_port_in_use_is_one_clear_line(run):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run("serve", "--host", "127.0.0.1", "--port", str(port))
    assert done.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: the port is already in use" in done.stderr
    assert "COMPARE_PORT=8001" in done.stderr and "Traceback" not in done.stderr


def test_serve_with_an_unreachable_database_is_one_clear_line(run, cli_env):
    from support.server import free_port

    cli_env["COMPARE_DATABASE_URL"] = f"postgresql://editor:s3cret@127.0.0.1:{free_port()}/compare"  # nothing there
    done = run("serve", "--host", "127.0.0.1", "--port", str(free_port()))
    assert done.exit_code == 1 and "Traceback" not in done.stderr
    assert "cannot reach the database postgresql://editor:***@127.0.0.1:" in done.stderr
    assert "s3cret" not in done.stderr and "COMPARE_DATABASE_URL" in done.stderr
    cli_env["COMPARE_BROKER_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    worker = run("worker")
    assert worker.exit_code == 2 and "Cannot reach the database postgresql://editor:***@" in worker.stderr


def test_a_silent_network_fails_fast_with_the_offline_hint(run, cli_env, monkeypatch):
    """An index host that accepts the connection and never answers (a dropped network) is given
    up after NETWORK_TIMEOUT_SECONDS, not hung on."""
    import socket
    import time

    from service.translation.packages import NETWORK_TIMEOUT_SECONDS

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections queue in the backlog; nothing is ever read or written
        cli_env["COMPARE_PACKAGE_INDEX"] = f"http://127.0.0.1:{silent.getsockname()[1]}/index.json"
        started = time.monotonic()
        done = run("models", "available")
        waited = time.monotonic() - started
    assert done.exit_code == 1 and "timed out" in done.stderr and "install-file" in done.stderr
    assert NETWORK_TIMEOUT_SECONDS <= 5 and waited < 3 * NETWORK_TIMEOUT_SECONDS
