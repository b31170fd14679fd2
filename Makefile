# Rantai — the two commands are `make demo` and `make test`; both install what is missing.
# Installs are stamped, so a second run reinstalls nothing unless a lock file changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
SOLC_VERSION := $(shell sed -n 's/.*"solc": "\([0-9.]*\)".*/\1/p' package.json)

# Everything below runs with the project's toolchain: the solc-js wrapper (registered for
# py-solc-x, and before the venv's solc-select shim on PATH), anvil from npm, the venv.
export SOLCX_BINARY_PATH := $(CURDIR)/.solcx
export PATH := $(CURDIR)/tools/solc:$(CURDIR)/node_modules/.bin:$(BIN):$(PATH)
export RANTAI_BESU_RPC_URL ?= http://127.0.0.1:8545
export RANTAI_BESU_CHAIN_ID ?= 1945
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VENV_STAMP := $(VENV)/.rantai-installed
NPM_STAMP := node_modules/.rantai-installed
SOLC_LINK := .solcx/solc-v$(SOLC_VERSION)
APE_NETWORK := ethereum:local:foundry

.PHONY: help install demo test test-deep test-fast test-twice compile coverage lint format typecheck slither bench bench-1m clean distclean lock abi kit mutate layers

help:
	@echo "make demo   - start a local chain, deploy, run the pilot, stop the chain"
	@echo "make test   - lint, type-check, slither and the whole test suite on anvil"
	@echo "make compile - compile every contract when a source changed (also run by make test)"
	@echo "make test-twice - the suite twice in a row with the fixed hypothesis seed"
	@echo "make test-deep - the hypothesis state machines with their full example counts"
	@echo "make mutate - mutation testing sample (Python and Solidity), bench/results/mutation.json"
	@echo "make bench-1m - the index benchmark on a 1M-event chain, bench/results/index_1m.json"
	@echo "make kit    - rebuild the integration kit in integration/ (docs/integration.md)"
	@echo "make lint | layers | format | typecheck | slither | bench | clean | lock"

install: $(VENV_STAMP) $(NPM_STAMP) $(SOLC_LINK)

$(VENV_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SOLC_LINK): tools/solc/solc | $(NPM_STAMP)
	mkdir -p .solcx
	ln -sfn ../tools/solc/solc $@
	$@ --version >/dev/null

# Ape connects to an anvil started (and stopped) by py_client/ops/ape_node.py: a probed free
# port, several attempts and a log file, where Ape's own start allows one 20 s try.
APE_ON_ANVIL = $(BIN)/python -m py_client.ops.ape_node

demo: compile
	$(APE_ON_ANVIL) out/demo/anvil.log -- ape run demo -v WARNING --network $(APE_NETWORK)

# The web portal on a local chain with the pilot's data (docs/portal.md); Ctrl-C stops both.
.PHONY: portal
PORTAL_PORT ?= 8000
portal: compile
	RANTAI_PORTAL_PORT=$(PORTAL_PORT) $(APE_ON_ANVIL) out/portal/anvil.log -- \
	  ape run portal --network $(APE_NETWORK)

# The suite runs with Solidity line coverage (tools/contract_coverage.py): the report goes to
# out/coverage/contracts.json and the run fails below COVERAGE_MIN percent.
COVERAGE_MIN ?= 95
PYTEST_COVERAGE := -p tools.contract_coverage --contract-coverage-min=$(COVERAGE_MIN)
# Test files run on pytest-xdist workers, one per core by default, each with its own anvil and
# deployed system; a file stays on one worker (its module fixtures are built once). TEST_WORKERS=0
# runs the suite in this one process (docs/testing.md). The longest files are dealt first, in the
# order of tests/support/suite_order.py (not pytest-xdist's, by number of tests).
TEST_WORKERS ?= auto
PYTEST_WORKERS := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Every source compiled in one run whenever one changed (digest in .build/), and no dependency
# copy left in contracts/.cache to truncate Ape's source scan (tools/contract_build.py).
compile: install
	$(BIN)/python tools/contract_build.py

# slither runs beside the tests (its output is printed after them); either failing fails the target.
test: install lint layers typecheck compile
	@mkdir -p out; slither contracts --config-file slither.config.json > out/slither.log 2>&1 & \
	slither_pid=$$!; \
	pytest $(PYTEST_WORKERS) $(PYTEST_COVERAGE) tests; tests_status=$$?; \
	wait $$slither_pid; slither_status=$$?; \
	echo "--- slither (out/slither.log) ---"; tail -n 40 out/slither.log; \
	if [ $$slither_status -ne 0 ]; then echo "slither failed (exit $$slither_status)"; fi; \
	exit $$(( tests_status != 0 ? tests_status : slither_status ))

coverage: install compile
	pytest $(PYTEST_WORKERS) $(PYTEST_COVERAGE) tests

# The contract state machines with their full hypothesis example counts (make test runs a third of
# them; tests/support/examples.py). DEEP_TESTS narrows or widens it: make test-deep DEEP_TESTS=tests
DEEP_TESTS ?= tests/contracts/test_registry.py tests/contracts/test_tendering.py \
  tests/contracts/test_escrow_properties.py
test-deep: install compile
	RANTAI_HYPOTHESIS_PROFILE=deep pytest $(PYTEST_WORKERS) -q -p no:cacheprovider $(DEEP_TESTS)

test-fast: install compile
	pytest $(PYTEST_WORKERS) tests -x -q

# The suite twice in a row in this checkout, same hypothesis seed (docs/testing.md); the second
# run must pass as the first did. TESTS narrows it: make test-twice TESTS=tests/cli/test_cli.py
TESTS ?= tests
test-twice: install compile
	pytest $(PYTEST_WORKERS) -q -p no:cacheprovider $(TESTS)
	pytest $(PYTEST_WORKERS) -q -p no:cacheprovider $(TESTS)

# Mutation testing (docs/testing.md), not part of `make test`: a seeded sample of Python mutants
# (mutmut) and Solidity mutants (tools/mutate_sol.py), each run against the suites covering it.
# MUTANTS=all runs every mutant; results in bench/results/mutation.json.
MUTANTS ?= sample
mutate: install compile
	$(BIN)/python tools/mutation.py --mutants $(MUTANTS)

lint: install
	ruff check .
	ruff format --check .

format: install
	ruff format .
	ruff check --fix .

typecheck: install
	mypy py_client tools

# The import layers of py_client and no import circles (.importlinter, docs/architecture.md).
layers: install
	lint-imports

slither: install
	slither contracts --config-file slither.config.json

# Regenerate the ABIs and typed contract errors that py_client ships.
abi: install compile
	$(BIN)/python tools/export_client_abis.py

# The language-neutral integration kit (ABIs with every error and event, types, deployments):
# integration/, checked against a fresh build by tests/e2e/test_integration_kit.py.
kit: install compile
	$(BIN)/python tools/integration_kit.py

bench: install
	$(BIN)/python -m bench

# The index benchmark on a 1M-event chain (generated, not cached; ~10 min on 2 quiet cores,
# ~17 min under load):
# bench/results/index_1m.json beside the default 200k run's index.json.
bench-1m: install
	RANTAI_BENCH_INDEX_EVENTS=1000000 $(BIN)/python -m bench index

clean:
	rm -rf .build .cache contracts/.cache out crytic-export .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules .solcx

lock: $(NPM_STAMP)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	{ head -2 requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude pip; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv
