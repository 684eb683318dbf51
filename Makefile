# Two commands do all the set-up on a fresh machine:
#   make up     install into .venv and run the main job
#   make test   install into .venv and run the tests
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILT := $(VENV)/.built
# The editable install compiles the extraction modules with mypyc when it can (setup.py); it is redone
# whenever a source the build read changes, so `make test` never runs a stale build (nor would the
# package: newsdesk/extract/compiled.py falls back to the .py files when a source changed).
COMPILED_SRC := setup.py $(wildcard src/newsdesk/extract/*.py src/newsdesk/extract/*/*.py) \
	$(addprefix src/newsdesk/,errors.py model.py settings.py langid.py sanitize.py)

.PHONY: up test lock bench bench-peers clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $(STAMP)

$(BUILT): $(STAMP) $(COMPILED_SRC)
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -c 'from newsdesk.extract.compiled import describe; print(describe())'
	touch $(BUILT)

up: $(BUILT)
	$(BIN)/newsdesk serve

# The layer contracts first (pyproject.toml [tool.importlinter], ARCHITECTURE.md), then the suite.
test: $(BUILT)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra test --extra browser -o requirements.lock --python-version 3.11

# Extraction benchmark, newsdesk vs peers (benchmarks/README.md); e.g. make bench BENCH_ARGS="--input html,text"
bench: $(BUILT)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The peers live in their own venv, never in .venv: benchmark-only dependencies.
bench-peers: $(BUILT)
	$(BIN)/python benchmarks/run.py --setup-peers

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
	rm -f src/*.so src/newsdesk/extract/*.so src/newsdesk/extract/*/*.so src/newsdesk/extract/compiled.json
