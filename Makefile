# Two commands do all the set-up on a fresh machine:
#   make chat   installs the runtime into .venv and opens the chat (the index is built on first use)
#   make test   installs into .venv (with test extras) and runs the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime

.PHONY: install runtime chat test test-fast check lint typecheck eval fit-judge answer-report bench clean

# The chat needs only the runtime; the tests also need the test and lint tools. pip shows its
# progress (no --quiet): a first install downloads and unpacks for a while.
$(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on -e .
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on -e '.[test]'
	touch $(RUNTIME_STAMP) $(STAMP)

install: $(STAMP)

runtime: $(RUNTIME_STAMP)

chat: runtime
	$(BIN)/assistant chat

test: install
	$(BIN)/python -m pytest -q

# The unit tier: pure logic, a FakeEmbedder, no model, no shared PDFs (seconds).
test-fast: install
	$(BIN)/python -m pytest -q -m "not integration"

lint: install
	$(BIN)/ruff check assistant tests eval
	$(BIN)/ruff format --check assistant tests eval

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

eval: install
	$(BIN)/assistant eval

# The answer judge: features of every gold question, then the fit on the fit split only.
fit-judge: install
	cd eval && ../$(BIN)/python answer_data.py && ../$(BIN)/python fit_judge.py

# Fit and test side by side (eval/reports/answers.json; table for eval/README.md).
answer-report: install
	cd eval && ../$(BIN)/python answer_report.py

bench: install
	$(BIN)/python eval/bench.py

clean:
	rm -rf $(VENV) index/CURRENT index/build-* index/.*.partial
