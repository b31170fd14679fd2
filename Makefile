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

.PHONY: help install compile demo test test-fast coverage lint format typecheck slither bench clean distclean lock abi kit

help:
	@echo "make demo   - start a local chain, deploy, run the pilot, stop the chain"
	@echo "make test   - lint, type-check, slither and the whole test suite on anvil"
	@echo "make kit    - rebuild the integration kit in integration/ (docs/integration.md)"
	@echo "make lint | format | typecheck | slither | bench | clean | lock"

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

# The contracts, compiled once (Ape skips unchanged sources): warnings and errors only, not the
# compiler's list of input files.
compile: install
	ape compile -v WARNING

demo: compile
	ape run demo -v WARNING --network $(APE_NETWORK)

# The web portal on a local chain with the pilot's data (docs/portal.md); Ctrl-C stops both.
.PHONY: portal
PORTAL_PORT ?= 8000
portal: compile
	RANTAI_PORTAL_PORT=$(PORTAL_PORT) ape run portal --network $(APE_NETWORK)

# The suite runs with Solidity line coverage (tools/contract_coverage.py): the report goes to
# out/coverage/contracts.json and the run fails below COVERAGE_MIN percent.
COVERAGE_MIN ?= 95
PYTEST_COVERAGE := -p tools.contract_coverage --contract-coverage-min=$(COVERAGE_MIN)

test: install lint typecheck slither
	pytest $(PYTEST_COVERAGE) tests

coverage: install
	pytest $(PYTEST_COVERAGE) tests

test-fast: install
	pytest tests -x -q

lint: install
	ruff check .
	ruff format --check .

format: install
	ruff format .
	ruff check --fix .

typecheck: install
	mypy py_client tools

slither: install
	slither contracts --config-file slither.config.json

# Regenerate the ABIs and typed contract errors that py_client ships.
abi: install
	ape compile
	$(BIN)/python tools/export_client_abis.py

# The language-neutral integration kit (ABIs with every error and event, types, deployments):
# integration/, checked against a fresh build by tests/test_integration_kit.py.
kit: install
	ape compile
	$(BIN)/python tools/integration_kit.py

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf .build .cache contracts/.cache out crytic-export .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules .solcx

lock: $(NPM_STAMP)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	{ head -2 requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude pip; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv
