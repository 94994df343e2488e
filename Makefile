# Two commands do all the set-up on a fresh machine:
#   make chat   installs into .venv and opens the chat (the index is built on first use)
#   make test   installs into .venv (with test extras) and runs the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install chat test check lint typecheck eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

chat: install
	$(BIN)/assistant chat

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check assistant tests eval

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

eval: install
	$(BIN)/assistant eval

bench: install
	$(BIN)/python eval/bench.py

clean:
	rm -rf $(VENV) index/CURRENT index/build-* index/.*.partial
