# Shuangsui developer entry points.
#
#   make demo    install, load demo data, serve on http://127.0.0.1:$(PORT)
#   make test    install with the test extra, run the whole pytest suite
#
# Everything lives in ./.venv (created with $(PYTHON) if missing). Installs are
# recorded by stamp files inside .venv, so a second run skips pip unless
# pyproject.toml or the set of top-level packages changed (delete .venv to reset).

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
PORT        ?= 5000
PYTEST_ARGS ?=

TRANSLATIONS := webapp/translations
PIP          := $(BIN)/python -m pip --disable-pip-version-check --no-input
PIP_QUIET    := --quiet --progress-bar off

# Re-run the editable install when metadata or the set of packages changes
# (setuptools' editable finder maps top-level packages at install time).
INSTALL_INPUTS := pyproject.toml $(wildcard */__init__.py)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

.PHONY: help install test-deps demo test bench catalogs

help:
	@echo "make demo     install, load demo data (shuangsui demo), serve on port $(PORT)"
	@echo "make test     install with the test extra and run pytest (PYTEST_ARGS=...)"
	@echo "make install  create $(VENV) and pip install -e ."
	@echo "make bench    run the benchmarks (python -m bench)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-install: $(INSTALL_INPUTS) | $(BIN)/python
	$(PIP) install $(PIP_QUIET) -e .
	@touch $@

$(VENV)/.stamp-test: $(INSTALL_INPUTS) | $(BIN)/python
	$(PIP) install $(PIP_QUIET) -e '.[test]'
	@touch $@ $(VENV)/.stamp-install

# Compile Flask-Babel catalogs (*.mo are not committed). The translations
# directory may not exist yet: then there is nothing to do.
catalogs: | $(BIN)/python
	@if [ -d $(TRANSLATIONS) ] && [ -n "$$(find $(TRANSLATIONS) -name '*.po' -print -quit)" ]; then \
		$(BIN)/pybabel compile -d $(TRANSLATIONS); \
	else \
		echo "no .po files under $(TRANSLATIONS): skipping catalog compilation"; \
	fi

install: $(VENV)/.stamp-install catalogs

# Everything `make test` needs, without running pytest (.ci/run uses it to
# validate docker-compose.yml with check-jsonschema before the test run).
test-deps: $(VENV)/.stamp-test catalogs

demo: install
	$(BIN)/shuangsui demo
	$(BIN)/shuangsui serve --port $(PORT)

test: test-deps
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench
