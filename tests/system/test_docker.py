"""The Docker files, checked without an engine: they parse, copy what exists, and serve what the README says."""
from __future__ import annotations

import json
import re
import shlex

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


def test_dockerfile_parses_with_known_instructions():
    known = {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "ARG", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "CMD"}
    found = instructions()
    assert found[0][0] == "FROM" and "slim" in found[0][1]
    assert {k for k, _ in found} <= known


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
    arg = next(args for keyword, args in found if keyword == "ARG")
    assert arg.startswith("MODELS")
    assert any("models ensure --strict $MODELS" in args for keyword, args in found if keyword == "RUN")


def test_served_command_and_port_match_the_readme():
    found = instructions()
    cmd = json.loads(next(args for keyword, args in reversed(found) if keyword == "CMD"))
    port = cmd[cmd.index("--port") + 1]
    assert cmd[:4] == ["python", "-m", "service", "serve"]
    assert ("EXPOSE", port) in found
    readme = (ROOT / "README.md").read_text()
    assert " ".join(cmd) in readme
    assert f"http://127.0.0.1:{port}" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:.*\n(\t.*\n)*\t\$\(BIN\)/python -m service serve$", makefile, re.M)


def test_compose_parses_and_points_at_the_dockerfile():
    compose = yaml.safe_load(COMPOSE.read_text())
    app = compose["services"]["app"]
    context = (COMPOSE.parent / app["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / app["build"]["dockerfile"]).resolve() == DOCKERFILE
    assert "8000:8000" in app["ports"]
    mounts = {v.split(":")[1] for v in app["volumes"]}
    assert mounts == {"/data", "/models"}
    assert set(compose["volumes"]) == {v.split(":")[0] for v in app["volumes"]}
