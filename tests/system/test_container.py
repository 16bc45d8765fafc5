"""The container, built from the repository and run for real with podman (no Docker engine needed).

The image's base stands in for python:3.11-slim: Debian bookworm made by ``debootstrap`` from
the machine's own apt mirror, imported into podman with ``python`` and ``pip`` on PATH and
without the EXTERNALLY-MANAGED marker (what the official image offers). It is made once and
kept (``localhost/story-compare-test-base:bookworm``); delete it with ``podman rmi`` to remake
it. docker/Dockerfile is then built with ``--build-arg BASE_IMAGE=<that base> --build-arg
MODELS=`` and run with runc on the host's network:

* the image builds from the repository, and a change to the code rebuilds without the network,
  reusing the dependencies' layer (and with MODELS empty, nothing else needs the network);
* the service runs as uid 10001, listens on COMPARE_PORT, and the image's own HEALTHCHECK
  command succeeds inside the container (and fails when pointed at a port nothing serves);
* /healthz, POST /api/comparisons (the ceasefire sample) and the comparison's page answer;
* the comparison is still there for a new container on the same /data volume;
* packages baked into a rebuilt image (/opt/models-baked) reach an existing /models volume;
* docker/compose.yaml's scale profile runs under podman-compose (the web tier, two Celery workers,
  PostgreSQL and Redis images built from Debian's packages on the same base) and its workers run a
  batch posted to the web tier.

``make test`` installs podman, runc and debootstrap with apt-get. Without them the tests fail
saying so, unless the machine has no apt-get at all (then they are skipped, like the browser
tests). Not root: podman and debootstrap run through ``sudo -n``, as the Makefile's apt-get does.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, sample
from support.server import CONNECTION_ERRORS, free_port, request

BASE_IMAGE = "localhost/story-compare-test-base:bookworm"
IMAGE = "localhost/story-compare-test:latest"
SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
TOOLS = ("podman", "runc", "debootstrap")
UID = 10001
SUDO = [] if os.geteuid() == 0 else ["sudo", "-n"]


# -- the tools ------------------------------------------------------------------------------
def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists()]
    if not missing:
        if SUDO and shutil.which("sudo") is None:
            pytest.fail("the container tests need root (debootstrap, podman's chroot builds) and sudo is missing: "
                        "run make test as root or install sudo")
        return
    if shutil.which("apt-get") is None:
        pytest.skip(f"{', '.join(missing)} missing and apt-get is not available (make test installs them with apt-get)")
    pytest.fail(f"{', '.join(missing)} missing: `make test` installs them with apt-get "
                f"(or: apt-get install podman runc debootstrap)")


@pytest.fixture(scope="module")
def containers_conf(tmp_path_factory) -> Path:
    """podman's settings for these tests: no default ulimits. podman raises the open-files limit
    (RLIMIT_NOFILE) of every container by default, which a sandboxed machine may forbid (runc then
    fails with "error setting rlimit type 7: operation not permitted")."""
    path = tmp_path_factory.mktemp("containers") / "containers.conf"
    path.write_text("[containers]\ndefault_ulimits = []\n")
    return path


def podman(conf: Path, *args: str, timeout: float = 120, check: bool = True,
           offline: bool = False) -> subprocess.CompletedProcess:
    """podman with the test's settings; ``offline``: in a network namespace of its own, with no
    network at all (``--network none`` is refused by chroot builds, whose steps share podman's)."""
    command = [*SUDO, *(["unshare", "--net"] if offline else []),
               "env", f"CONTAINERS_CONF={conf}", "podman", "--runtime", "runc", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        pytest.fail(f"`podman {' '.join(args)[:300]}` exited {done.returncode}:\n{_tail(done.stdout + done.stderr)}")
    return done


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# -- the base standing in for python:3.11-slim -------------------------------------------------
def apt_mirror(sources: Path = Path("/etc/apt")) -> str:
    """The Debian mirror of the machine's apt sources (one-line or deb822), for the suite's main archive."""
    entries: list[tuple[str, list[str]]] = []
    files = [sources / "sources.list", *sorted((sources / "sources.list.d").glob("*.list"))]
    for file in files:
        if file.is_file():
            for line in file.read_text().splitlines():
                words = re.sub(r"\[[^]]*\]", " ", line.split("#", 1)[0]).split()
                if len(words) >= 3 and words[0] == "deb":
                    entries.append((words[1], [words[2]]))
    for file in sorted((sources / "sources.list.d").glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", file.read_text()):
            fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", stanza, re.M))
            if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes").lower() != "no":
                entries += [(uri, fields.get("Suites", "").split()) for uri in fields.get("URIs", "").split()]
    for uri, suites in entries:
        if SUITE in suites and "debian" in uri:
            return uri
    return next((uri for uri, _ in entries if uri.rstrip("/").endswith("/debian")), DEFAULT_MIRROR)


def test_apt_mirror_reads_one_line_and_deb822_sources(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\nComponents: main\n\n"
        "Types: deb\n# a comment\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\n")
    (tmp_path / "sources.list.d" / "off.list.disabled").write_text("deb http://wrong.example/debian bookworm main\n")
    assert apt_mirror(tmp_path) == "http://mirror.example/debian"
    (tmp_path / "sources.list").write_text("# local\ndeb [arch=amd64] http://first.example/debian bookworm main\n")
    assert apt_mirror(tmp_path) == "http://first.example/debian"


@pytest.fixture(scope="module")
def base_image(containers_conf) -> str:
    _require_tools()
    if podman(containers_conf, "image", "exists", BASE_IMAGE, check=False).returncode == 0:
        return BASE_IMAGE
    mirror = apt_mirror()
    root = Path(tempfile.mkdtemp(prefix="story-compare-base-", dir="/var/tmp"))
    try:
        done = subprocess.run(
            [*SUDO, "debootstrap", "--variant=minbase", "--include=python3,python3-venv,python3-pip,ca-certificates",
             SUITE, str(root / "rootfs"), mirror],
            capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"debootstrap {SUITE} from {mirror} failed:\n{_tail(done.stdout + done.stderr)}")
        # What python:3.11-slim offers: python and pip on PATH, pip free to install as root.
        prepare = ("rm -f rootfs/usr/lib/python3*/EXTERNALLY-MANAGED"
                   " && ln -sf /usr/bin/python3 rootfs/usr/local/bin/python"
                   " && ln -sf /usr/bin/pip3 rootfs/usr/local/bin/pip"
                   " && rm -rf rootfs/var/cache/apt/archives/*.deb rootfs/var/lib/apt/lists/*"
                   " && tar -C rootfs -cf base.tar .")
        subprocess.run([*SUDO, "sh", "-c", prepare], cwd=root, check=True, timeout=300)
        podman(containers_conf, "import", "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               str(root / "base.tar"), BASE_IMAGE, timeout=300)
    finally:
        subprocess.run([*SUDO, "rm", "-rf", str(root)], timeout=300)
    return BASE_IMAGE


# -- the image ------------------------------------------------------------------------------
def build(conf: Path, context: Path, tag: str, base: str, offline: bool = False) -> tuple[str, float]:
    started = time.monotonic()
    done = podman(conf, "build", "--format", "docker", "--isolation", "chroot",
                  "-v", "/etc/ssl/certs:/etc/ssl/certs:ro",  # the machine's CAs (a proxy's among them) for pip and apt
                  "--build-arg", f"BASE_IMAGE={base}", "--build-arg", "MODELS=",
                  "-f", str(context / "docker" / "Dockerfile"), "-t", tag, str(context), timeout=420, offline=offline)
    return done.stdout + done.stderr, time.monotonic() - started


@pytest.fixture(scope="module")
def image(containers_conf, base_image) -> str:
    """The repository's image, tagged IMAGE; the one it replaces is removed (its cached layers stay)."""
    before = podman(containers_conf, "image", "inspect", "--format", "{{.Id}}", IMAGE, check=False).stdout.strip()
    log, seconds = build(containers_conf, ROOT, IMAGE, base_image)
    print(f"\nimage built in {seconds:.0f} s")
    assert "Successfully tagged " + IMAGE in log
    after = podman(containers_conf, "image", "inspect", "--format", "{{.Id}}", IMAGE).stdout.strip()
    if before and before != after:
        podman(containers_conf, "rmi", before, check=False)
    return IMAGE


def steps(log: str) -> list[tuple[str, bool]]:
    """(instruction, whether its layer came from the cache) for each STEP of a podman build log."""
    found = []
    for match in re.finditer(r"^STEP \d+/\d+: (.*?)$(.*?)(?=^STEP |\Z)", log, re.M | re.S):
        found.append((match.group(1), "Using cache" in match.group(2)))
    return found


def test_a_code_change_rebuilds_offline_on_the_cached_dependencies(containers_conf, base_image, image, tmp_path):
    """The dependencies' layer comes before the code: a changed module reinstalls only the package,
    without the network (MODELS empty), and the new module is in the image."""
    context = tmp_path / "context"
    context.mkdir()
    for name in ("pyproject.toml", "README.md", ".dockerignore"):
        shutil.copy2(ROOT / name, context / name)
    for name in ("service", "samples", "docker"):
        shutil.copytree(ROOT / name, context / name, ignore=shutil.ignore_patterns("__pycache__"))
    (context / "service" / "rebuild_probe.py").write_text("CHANGED = True\n")
    tag = f"localhost/story-compare-test-rebuild:{uuid.uuid4().hex[:8]}"
    try:
        log, seconds = build(containers_conf, context, tag, base_image, offline=True)
        print(f"\nrebuilt after a code change in {seconds:.0f} s")
        done = steps(log)
        dependencies = [cached for instruction, cached in done if "--mount=type=cache" in instruction]
        package = [cached for instruction, cached in done if "--no-deps" in instruction]
        assert dependencies == [True], "the dependencies' layer was rebuilt for a code change:\n" + _tail(log)
        assert package == [False], "the package's layer was not rebuilt for a code change:\n" + _tail(log)
        assert seconds < 60
        probe = podman(containers_conf, "run", "--rm", "--network", "none", "--no-healthcheck", "--workdir", "/", tag,
                       "python", "-c", "import service.rebuild_probe as p; print(p.CHANGED, p.__file__)")
        assert probe.stdout.startswith("True /usr/"), probe.stdout  # the installed package (not /app/service)
    finally:
        podman(containers_conf, "rmi", "-f", tag, check=False)


# -- running it -----------------------------------------------------------------------------
class Container:
    def __init__(self, conf: Path, image: str, port: int, volumes: dict[str, str]):
        self.conf, self.port = conf, port
        self.name = f"story-compare-test-{uuid.uuid4().hex[:10]}"
        self.base = f"http://127.0.0.1:{port}"
        mounts = [arg for volume, target in volumes.items() for arg in ("-v", f"{volume}:{target}")]
        podman(conf, "run", "-d", "--name", self.name, "--network", "host", "--no-healthcheck",
               "-e", f"COMPARE_PORT={port}", "-e", "COMPARE_WORKERS=1", *mounts, image)

    def wait_healthy(self, seconds: float = 90) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status, _, body = request(self.base + "/healthz", timeout=5)
                if status == 200:
                    return body
            except CONNECTION_ERRORS:
                pass
            state = podman(self.conf, "inspect", "--format", "{{.State.Status}}", self.name, check=False).stdout.strip()
            if state not in ("running", "created"):
                pytest.fail(f"the container stopped ({state}):\n{self.logs()}")
            time.sleep(0.5)
        pytest.fail(f"no 200 from {self.base}/healthz within {seconds:.0f} s:\n{self.logs()}")

    def logs(self) -> str:
        done = podman(self.conf, "logs", self.name, check=False)
        return _tail(done.stdout + done.stderr)

    def exec(self, *command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        options = [arg for key, value in (env or {}).items() for arg in ("-e", f"{key}={value}")]
        return podman(self.conf, "exec", *options, self.name, *command, check=False, timeout=60)

    def remove(self) -> None:
        podman(self.conf, "rm", "-f", "-t", "5", self.name, check=False, timeout=60)


@pytest.fixture
def volumes(containers_conf, image):
    """Fresh named volumes for /data and /models, removed afterwards."""
    names = {f"story-compare-test-{kind}-{uuid.uuid4().hex[:8]}": target
             for kind, target in (("data", "/data"), ("models", "/models"))}
    for name in names:
        podman(containers_conf, "volume", "create", name)
    yield names
    podman(containers_conf, "volume", "rm", "-f", *names, check=False)


@pytest.fixture
def start(containers_conf, image, volumes):
    """``start(image)``: a container of the image (the repository's by default) on the test's volumes,
    serving on a free port; removed afterwards."""
    started = []

    def run(of: str = image) -> Container:
        running = Container(containers_conf, of, free_port(), volumes)
        started.append(running)
        running.wait_healthy()
        return running

    yield run
    for running in started:
        running.remove()


@pytest.fixture
def container(start) -> Container:
    return start()


def test_serves_on_compare_port_as_uid_10001(container):
    health = container.wait_healthy()
    assert health["status"] == "ok" and health["storage_writable"] is True
    assert health["translation_pairs"] == []  # MODELS empty: nothing baked, nothing downloaded
    pid = podman(container.conf, "inspect", "--format", "{{.State.Pid}}", container.name).stdout.strip()
    status = Path(f"/proc/{pid}/status").read_text()
    uids = re.search(r"^Uid:\s+(.*)$", status, re.M).group(1).split()
    assert uids == [str(UID)] * 4, f"the server (pid {pid} on the host) runs with uids {uids}"
    assert re.search(r"^Name:\s+(python|gunicorn)", status, re.M), status.splitlines()[0]
    assert container.exec("id", "-u").stdout.strip() == str(UID)


def test_the_images_healthcheck_passes_inside_and_follows_compare_port(container):
    config = json.loads(podman(container.conf, "image", "inspect", "--format", "{{json .Config.Healthcheck}}",
                               IMAGE).stdout)
    kind, *command = config["Test"]
    assert kind == "CMD", config
    passed = container.exec(*command)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    elsewhere = container.exec(*command, env={"COMPARE_PORT": str(free_port())})
    assert elsewhere.returncode != 0, "the health check passed against a port nothing serves"


def test_compares_shows_the_page_and_keeps_it_for_a_new_container(start):
    container = start()
    status, headers, body = request(container.base + "/api/comparisons", sample("ceasefire-two-framings.json"),
                                    method="POST", timeout=180)
    assert status == 201, body
    comparison_id = body["id"]
    assert headers["Location"].endswith(f"/api/comparisons/{comparison_id}")
    assert body["signals"], "the sample's framings differ: there must be signals"
    page = _get_text(f"{container.base}/comparisons/{comparison_id}")
    assert "Dravik ceasefire" in page and "Wire A" in page

    container.remove()
    again = start()  # a new container on the same volumes
    status, _, stored = request(f"{again.base}/api/comparisons/{comparison_id}")
    assert status == 200, stored
    assert stored["id"] == comparison_id and stored["signals"] == body["signals"]


def _get_text(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_packages_baked_into_a_rebuilt_image_reach_an_existing_models_volume(containers_conf, image, start,
                                                                             package_files, tmp_path):
    """A volume made by an image without packages; an image baked with ru-en (a tiny real package,
    copied to /opt/models-baked as `models ensure` would install it) is started on the same volume:
    the pair is served and now lives in the volume, where it stays for the image without packages."""
    from service.translation.packages import PackageManager

    first = start()
    assert first.wait_healthy()["translation_pairs"] == []
    first.remove()

    context = tmp_path / "baked-image"
    PackageManager(context / "baked", str(tmp_path / "index.json")).install_file(package_files[("ru", "en")])
    (context / "Containerfile").write_text(f"FROM {image}\nCOPY baked/ /opt/models-baked/\n")
    tag = f"localhost/story-compare-test-baked:{uuid.uuid4().hex[:8]}"
    podman(containers_conf, "build", "--format", "docker", "--isolation", "chroot", "-t", tag, str(context))
    try:
        second = start(tag)
        assert second.wait_healthy()["translation_pairs"] == ["ru-en"]
        listing = second.exec("python", "-m", "service", "models", "list")
        assert listing.stdout.startswith("ru-en\t1.0\t/models/"), listing.stdout + listing.stderr
        second.remove()
        third = start()  # the image without packages again: the volume keeps what was seeded
        assert third.wait_healthy()["translation_pairs"] == ["ru-en"]
    finally:
        podman(containers_conf, "rmi", "-f", tag, check=False)


# -- the compose file's scale profile, run for real ------------------------------------------------
SUPPORT_IMAGES = ROOT / "tests" / "support" / "containers"


def support_image(conf: Path, base: str, name: str) -> str:
    """PostgreSQL or Redis from Debian's packages on the same base (tests/support/containers),
    standing in for the official images compose names; built once and kept, like the base."""
    tag = f"localhost/story-compare-test-{name}:bookworm"
    if podman(conf, "image", "exists", tag, check=False).returncode != 0:
        podman(conf, "build", "--format", "docker", "--isolation", "chroot", "--build-arg", f"BASE_IMAGE={base}",
               "-t", tag, str(SUPPORT_IMAGES / name), timeout=600)
    return tag


def test_the_compose_scale_profile_runs_web_workers_postgres_and_redis(containers_conf, base_image, image, tmp_path):
    """`docker compose --profile scale up` through podman-compose: the web tier and two workers on
    PostgreSQL and Redis containers; a batch posted to the web tier is run by the workers.

    podman 4.3 runs no healthchecks without systemd (and podman-compose skips `service_healthy`
    before podman 4.6), so the test waits for the databases' own checks (`podman healthcheck run`)
    before it starts the web tier and the workers, as the conditions would."""
    compose_bin = shutil.which("podman-compose", path=str(Path(sys.executable).parent))
    assert compose_bin, "podman-compose is a dev dependency (pyproject.toml)"
    project = f"scale-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {"CONTAINERS_CONF": str(containers_conf), "SCALE_PORT": str(port),
           "POSTGRES_IMAGE": support_image(containers_conf, base_image, "postgres"),
           "REDIS_IMAGE": support_image(containers_conf, base_image, "redis"),
           "POSTGRES_PASSWORD": uuid.uuid4().hex, "COMPARE_SECRET_KEY": uuid.uuid4().hex, "MODELS": ""}
    podman(containers_conf, "tag", image, "localhost/story-compare:latest")  # the name compose gives the image

    def compose(*args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([*SUDO, "env", *(f"{k}={v}" for k, v in env.items()), compose_bin,
                               "--podman-args=--runtime runc", "-p", project, "-f", str(ROOT / "docker" / "compose.yaml"),
                               "--profile", "scale", *args], capture_output=True, text=True, timeout=timeout)
        assert not check or done.returncode == 0, f"podman-compose {' '.join(args)}:\n{_tail(done.stdout + done.stderr)}"
        return done

    try:
        compose("up", "-d", "postgres", "redis")
        for service in ("postgres", "redis"):
            deadline = time.monotonic() + 120
            while podman(containers_conf, "healthcheck", "run", f"{project}_{service}_1", check=False).returncode != 0:
                assert time.monotonic() < deadline, f"{service} did not become healthy"
                time.sleep(1)
        compose("up", "-d", "--scale", "worker=2", "web", "worker")
        base = f"http://127.0.0.1:{port}"
        deadline, health = time.monotonic() + 180, None
        while time.monotonic() < deadline:
            try:
                status, _, health = request(base + "/healthz", timeout=5)
                if status == 200:
                    break
            except CONNECTION_ERRORS:
                pass
            time.sleep(1)
        assert health and health["database"] == "postgresql" and health["broker"] == "ok", health
        pairs = [{"title": f"scale {n}", "versions": sample("ceasefire-two-framings.json")["versions"]} for n in range(12)]
        status, headers, batch = request(base + "/api/batches", pairs, "POST")
        assert status == 202, batch
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            counts = request(base + headers["Location"])[2]["counts"]
            if counts["done"] + counts["failed"] == len(pairs):
                break
            time.sleep(1)
        assert counts == {"queued": 0, "running": 0, "done": len(pairs), "failed": 0}, counts
        assert request(base + "/api/comparisons")[2]["total"] == len(pairs)
        workers = podman(containers_conf, "ps", "--filter", f"label=com.docker.compose.project={project}",
                         "--filter", "label=com.docker.compose.service=worker", "--format", "{{.Names}}").stdout.split()
        assert len(workers) == 2
    finally:
        remove_project(containers_conf, project)
        podman(containers_conf, "rmi", "localhost/story-compare:latest", check=False)


def remove_project(conf: Path, project: str) -> None:
    """Every container, pod, volume and network of a compose project (podman-compose's `down`
    misses the containers `--scale` added)."""
    label = f"label=com.docker.compose.project={project}"
    containers = podman(conf, "ps", "-aq", "--filter", label, check=False).stdout.split()
    if containers:
        podman(conf, "rm", "-f", "-t", "2", *containers, check=False)
    podman(conf, "pod", "rm", "-f", "--ignore", f"pod_{project}", check=False)
    volumes = podman(conf, "volume", "ls", "-q", "--filter", label, check=False).stdout.split()
    if volumes:
        podman(conf, "volume", "rm", "-f", *volumes, check=False)
    podman(conf, "network", "rm", "-f", f"{project}_default", check=False)
