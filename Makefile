# Two commands do all the set-up on a fresh machine:
#   make up     install the runtime dependencies only (requirements.lock) into .venv and run the main job
#   make test   install those and the test/browser tools (requirements-dev.lock) and run the tests
#   make fuzz   the fuzz benchmark: >= 10,000 inputs per parser of untrusted bytes (benchmarks/fuzz.py)
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
BUILT := $(VENV)/.built
# The editable install compiles the extraction modules with mypyc when it can (setup.py); it is redone
# whenever a source the build read changes, so `make test` never runs a stale build (nor would the
# package: newsdesk/extract/compiled.py falls back to the .py files when a source changed).
COMPILED_SRC := setup.py $(wildcard src/newsdesk/extract/*.py src/newsdesk/extract/*/*.py) \
	$(wildcard src/newsdesk/enrich/*.py src/newsdesk/cluster/*.py) \
	$(addprefix src/newsdesk/,errors.py model.py settings.py langid.py sanitize.py timeutil.py)

.PHONY: up test fuzz lock bench bench-peers clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $(STAMP)

# the test and browser tools: only `make test` / `make fuzz` install them, never `make up`
$(DEVSTAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $(DEVSTAMP)

$(BUILT): $(STAMP) $(COMPILED_SRC)
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -c 'from newsdesk.extract.compiled import describe; print(describe())'
	touch $(BUILT)

up: $(BUILT)
	$(BIN)/newsdesk serve

# The layer contracts first (pyproject.toml [tool.importlinter], ARCHITECTURE.md), then the suite.
test: $(BUILT) $(DEVSTAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every parser of untrusted bytes, >= 10,000 inputs each; e.g. make fuzz FUZZ_ARGS="--inputs 20000"
fuzz: $(BUILT) $(DEVSTAMP)
	$(BIN)/python benchmarks/fuzz.py $(FUZZ_ARGS)

# Regenerate the lock files after changing dependencies in pyproject.toml: the runtime lock, then the
# test/browser tools pinned consistently with it (the pins that are not already in the runtime lock).
lock:
	uv pip compile pyproject.toml -o requirements.lock --python-version 3.11
	mkdir -p $(VENV)
	uv pip compile pyproject.toml --extra test --extra browser --extra postgres --extra batch -c requirements.lock -o $(VENV)/all.lock \
		--python-version 3.11
	$(PY) -c 'rt = {l.split("==")[0] for l in open("requirements.lock") if "==" in l}; \
		out = ["-r requirements.lock"] + [l.strip() for l in open("$(VENV)/all.lock") \
		if "==" in l and not l.startswith(("#", " ")) and l.split("==")[0] not in rt]; \
		open("requirements-dev.lock", "w").write("\n".join(out) + "\n")'

# Extraction benchmark, newsdesk vs peers (benchmarks/README.md); e.g. make bench BENCH_ARGS="--input html,text"
bench: $(BUILT)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The peers live in their own venv, never in .venv: benchmark-only dependencies.
bench-peers: $(BUILT)
	$(BIN)/python benchmarks/run.py --setup-peers

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
	rm -f src/*.so src/newsdesk/extract/*.so src/newsdesk/extract/*/*.so src/newsdesk/extract/compiled.json \
		src/newsdesk/enrich/*.so src/newsdesk/cluster/*.so
