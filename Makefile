# The two set-up commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m gmlp_cards.ui.serve app.py --server.port $(PORT)

# Installs Chromium and PostgreSQL when this is a root Debian machine without them,
# starts PostgreSQL on loopback, then runs ruff (lint and format check), mypy, the layer contract and the whole suite.
test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy gmlp_cards
	$(VENV)/bin/lint-imports
	. scripts/test-services.sh && $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy gmlp_cards
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed
	$(PY) -m benchmarks.run_all
