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
run: $(VENV)/.run-deps
	$(BIN)/python -m service models ensure
	$(BIN)/python -m service samples load
	$(BIN)/python -m service serve

## serve: serve without the install and sample steps
serve: $(VENV)/.run-deps
	$(BIN)/python -m service serve

## test: the whole suite
test: $(VENV)/.dev-deps
	$(BIN)/python -m pytest -q

## bench: the benchmarks (not part of make test)
bench: $(VENV)/.dev-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
