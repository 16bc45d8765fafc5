# The two commands of the README: `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamps record that the dependencies of pyproject.toml are installed.
$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-deps: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.run-deps

## run: install, try the configured translation packages, load the samples, serve on :8000
run: $(VENV)/.run-deps wordnet
	$(BIN)/python -m service models ensure
	$(BIN)/python -m service samples load
	$(BIN)/python -m service serve

## serve: serve without the install and sample steps
serve: $(VENV)/.run-deps
	$(BIN)/python -m service serve

## test: the whole suite (the browser tests drive Debian's chromium, the container tests podman; installed when missing)
test: $(VENV)/.dev-deps chromium wordnet container-tools engines
	$(BIN)/python -m pytest -q

# The browser tests run Debian's /usr/bin/chromium headless through Playwright
# (`playwright install` cannot download a browser here). Installed with apt-get only
# when missing, with sudo when not root; a machine without apt-get is told what to do.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Princeton WordNet 3.0 (Debian's wordnet-base) names synonyms and antonyms when the service
# names the kind of a change; without it the service runs, knowing only equal lemmas.
WORDNET := /usr/share/wordnet/index.noun

.PHONY: wordnet
wordnet:
	@if [ ! -f $(WORDNET) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's wordnet-base for synonyms and antonyms (apt-get)"; \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; \
	  else \
	    echo "warning: $(WORDNET) is missing and apt-get is not available; changes are named without WordNet" >&2; \
	  fi; \
	fi

.PHONY: chromium
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "warning: $(CHROMIUM) is missing and apt-get is not available; the browser tests will be skipped" >&2; \
	  fi; \
	fi

# The container tests (tests/system/test_container.py) build docker/Dockerfile with podman on a
# base made by debootstrap and run it with runc: no Docker engine needed. Installed with apt-get
# only when missing, with sudo when not root; without apt-get the container tests are skipped.
CONTAINER_TOOLS := /usr/bin/podman /usr/sbin/runc /usr/sbin/debootstrap

.PHONY: container-tools
container-tools:
	@missing=; for tool in $(CONTAINER_TOOLS); do [ -x $$tool ] || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's podman, runc and debootstrap for the container tests (apt-get)"; \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null; \
	  else \
	    echo "warning: podman, runc or debootstrap is missing and apt-get is not available; the container tests will be skipped" >&2; \
	  fi; \
	fi

# The storage suite and the scale-out tests (tests/test_storage.py, tests/system/test_workers.py)
# start throwaway PostgreSQL and Redis servers of their own from Debian's binaries: installed
# with apt-get only when missing, with sudo when not root; without apt-get those tests are skipped.
.PHONY: engines
engines:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's postgresql and redis-server for the storage and worker tests (apt-get)"; \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; \
	  else \
	    echo "warning: PostgreSQL or Redis is missing and apt-get is not available; their tests will be skipped" >&2; \
	  fi; \
	fi

## bench: the benchmarks (not part of make test; PostgreSQL and Redis as for make test)
bench: $(VENV)/.dev-deps engines
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
