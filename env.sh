# Source this file (`. ./env.sh`) to use `ape`, `solc` and `anvil` of this project in a shell.
# `make` sets the same variables itself.
_rantai_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
# py-solc-x finds the solc-js wrapper here as solc-v<version> (no compiler download).
export SOLCX_BINARY_PATH="$_rantai_root/.solcx"
# The wrapper first (the venv's `solc` is solc-select's downloader), then anvil from npm.
export PATH="$_rantai_root/tools/solc:$_rantai_root/node_modules/.bin:$_rantai_root/.venv/bin:$PATH"
# The Besu network of ape-config.yaml; defaults are the reference network in network/besu/.
export RANTAI_BESU_RPC_URL="${RANTAI_BESU_RPC_URL:-http://127.0.0.1:8545}"
export RANTAI_BESU_CHAIN_ID="${RANTAI_BESU_CHAIN_ID:-1945}"
unset _rantai_root
