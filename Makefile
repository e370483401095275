# Build, test and data targets. Every step names the files it reads and the
# file it leaves behind, so make skips the steps whose inputs did not change.
#
#   make setup       .venv with pinned dependencies + the pkuseg model
#   make graph       build the graph from seeds/ into build/
#   make test        run the test suite
#   make evaluate    extract the texts of both answer-key sets and score them (seed pages, gold-dev)
#   make lexicons    regenerate pipelines/lexicons/* (needs PyPI)
#   make neo4j-up    start a local Bolt server (ArcadeDB) on 127.0.0.1; password from $NEO4J_PASSWORD
#   make neo4j       build the graph and load it into the server at NEO4J_URI
#   make neo4j-down  stop the local server
#   make dask-up     start a Dask scheduler and $(nproc) single-threaded workers on 127.0.0.1:8786
#   make dask-down   stop them
#   make bench       print the benchmark table (1MB and 10MB corpora, ~20 min; BENCH_SIZES=...)
#   make clean       remove build/
#   make distclean   also remove .venv/ and models/

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := graph

# The first Python 3.11+ found; override with `make PYTHON=/path/to/python3.x`.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	  && { command -v $$p; break; }; done)

VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
LOCK := requirements.lock
GOLD ?= ../shared/gold
GOLD_DEV ?= ../shared/gold-dev

# Stamps record that a step finished; a step reruns when a listed input is
# newer than its stamp.
VENV_STAMP := $(VENV)/.stamp-venv
INSTALL_STAMP := $(VENV)/.stamp-install
LEXICON_DEPS_STAMP := $(VENV)/.stamp-lexicon-deps
MODEL_STAMP := models/pkuseg/.stamp
GRAPH := build/report.json
# (not in build/: kg build replaces that folder whole, and writes only into folders of its own)
LEXICON_STAMP := $(VENV)/.stamp-lexicons

SOURCES := $(shell find kg -name '*.py' 2>/dev/null)
PIPELINE_DATA := $(shell find pipelines ontology -type f 2>/dev/null)
SEEDS := $(wildcard seeds/*)

.PHONY: setup graph test evaluate lexicons clean distclean

setup: $(INSTALL_STAMP) $(MODEL_STAMP)

# A bare venv with the tools that pip needs to read pkuseg's sdist metadata.
$(VENV_STAMP): $(LOCK)
	@test -n "$(PYTHON)" || { echo "error: no Python 3.11 or newer found; run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c $(LOCK) --upgrade pip
	$(PIP) install --quiet -c $(LOCK) numpy cython setuptools wheel
	touch $@

$(INSTALL_STAMP): $(VENV_STAMP) pyproject.toml setup.cfg $(LOCK)
	$(PIP) install --quiet --no-build-isolation -c $(LOCK) -e '.[test]'
	touch $@

$(MODEL_STAMP): tools/fetch_pkuseg_model.py $(VENV_STAMP)
	$(BIN)/python tools/fetch_pkuseg_model.py --dest models/pkuseg
	touch $@

graph: $(GRAPH)

$(GRAPH): $(INSTALL_STAMP) $(MODEL_STAMP) $(SOURCES) $(PIPELINE_DATA) $(SEEDS)
	$(BIN)/kg build seeds/ --out build/

test: setup
	$(BIN)/pytest -q

# The seed pages' keys (../shared/gold, texts in seeds/) and the development articles'
# (../shared/gold-dev: gold/ and texts/): a table per set and a line per document.
evaluate: $(INSTALL_STAMP) $(MODEL_STAMP)
	$(BIN)/kg evaluate --gold $(GOLD) --texts seeds --gold $(GOLD_DEV)/gold --texts $(GOLD_DEV)/texts

lexicons: $(LEXICON_STAMP)

$(LEXICON_DEPS_STAMP): $(INSTALL_STAMP)
	$(PIP) install --quiet --no-build-isolation -c $(LOCK) -e '.[test,lexicons]'
	touch $@

$(LEXICON_STAMP): tools/build_lexicons.py $(LEXICON_DEPS_STAMP) $(LOCK)
	$(BIN)/python tools/build_lexicons.py --out pipelines/lexicons
	mkdir -p $(@D)
	touch $@

clean:
	rm -rf build/ test-screenshots/ .build.*.new .build.*.old .build.lock build-dask/ .build-dask.*.new .build-dask.*.old .build-dask.lock

distclean: clean
	rm -rf $(VENV) models/ kg.egg-info/

# Neo4j. `make neo4j-up` starts a local Bolt server for those without Neo4j: ArcadeDB (PyPI
# arcadedb-embedded, with its own Java runtime) on 127.0.0.1 only, user root, password
# $NEO4J_PASSWORD (8+ characters; fixed when $(NEO4J_STATE)/data is first made). `make neo4j`
# builds the graph and loads it into the server at NEO4J_URI; `make neo4j-down` stops the server.
# For a real Neo4j: make neo4j NEO4J_USER=neo4j NEO4J_URI=bolt://host:7687
NEO4J_BOLT_PORT ?= 7687
NEO4J_HTTP_PORT ?= 2480
NEO4J_URI ?= bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
NEO4J_USER ?= root
NEO4J_STATE ?= .neo4j
NEO4J_SERVER = $(BIN)/python tools/neo4j_server.py

.PHONY: neo4j-up neo4j neo4j-down

neo4j-up: $(INSTALL_STAMP)
	$(NEO4J_SERVER) start --state $(NEO4J_STATE) --bolt-port $(NEO4J_BOLT_PORT) --http-port $(NEO4J_HTTP_PORT)

neo4j: $(GRAPH)
	$(BIN)/kg neo4j load --build build --uri $(NEO4J_URI) --user $(NEO4J_USER)

neo4j-down:
	$(NEO4J_SERVER) stop --state $(NEO4J_STATE)

# Dask (kg build --engine dask). `make dask-up` starts a scheduler on 127.0.0.1:$(DASK_PORT) and
# $(DASK_WORKERS) worker processes of one thread each, as daemons (PID files and logs in .dask/);
# `make dask-down` stops them. Then: kg build seeds/ --engine dask --scheduler tcp://127.0.0.1:8786
DASK_PORT ?= 8786
DASK_WORKERS ?= $(shell nproc)
DASK_CLUSTER = $(BIN)/python tools/dask_cluster.py

.PHONY: dask-up dask-down

dask-up: $(INSTALL_STAMP) $(MODEL_STAMP)
	$(DASK_CLUSTER) start --state .dask --port $(DASK_PORT) --workers $(DASK_WORKERS)

dask-down:
	$(DASK_CLUSTER) stop --state .dask

# Benchmarks (bench/run.py): figures printed as a table, never a pass/fail test. Corpora are
# generated from seeds/ into $(BENCH_OUT) (deterministic, seed 0); results also go to
# $(BENCH_OUT)/results.json. 1MB and 10MB take about 20 minutes on 2 cores; add 100MB with
# `make bench BENCH_SIZES=1MB,10MB,100MB` (hours: ~35M characters at ~15-20k characters/s).
BENCH_SIZES ?= 1MB,10MB
# the Dask engine against the local pool, and the projection of large builds (bench/cluster.py;
# about 12 minutes for 1MB: three rounds of four builds). BENCH_DASK= to skip it.
BENCH_DASK ?= 1MB
BENCH_OUT ?= build-bench

.PHONY: bench

bench: $(INSTALL_STAMP) $(MODEL_STAMP)
	$(BIN)/python -m bench.run --sizes $(BENCH_SIZES) --dask '$(BENCH_DASK)' --out $(BENCH_OUT)
