# Two commands do all the set-up on a fresh machine:
#   make up     install into .venv and run the main job
#   make test   install into .venv and run the tests
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: up test lock bench bench-peers clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

up: $(STAMP)
	$(BIN)/newsdesk serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra test --extra browser -o requirements.lock --python-version 3.11

# Extraction benchmark, newsdesk vs peers (benchmarks/README.md); e.g. make bench BENCH_ARGS="--input html,text"
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The peers live in their own venv, never in .venv: benchmark-only dependencies.
bench-peers: $(STAMP)
	$(BIN)/python benchmarks/run.py --setup-peers

clean:
	rm -rf $(VENV) build *.egg-info
