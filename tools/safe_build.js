#!/usr/bin/env node
// Compile the Safe contracts from npm (@safe-global/safe-contracts 1.4.1) with solc-js 0.7.6,
// the compiler Safe 1.4.1 was released with (npm alias `solc-0.7.6`), and write one artifact per
// contract to .build/safe/<Name>.json: {contractName, sourceName, abi, bytecode,
// deployedBytecode, compiler}. py_client/ops/safe.py loads them.
//
//   node tools/safe_build.js [OUT_DIR]
//
// Only the parts Rantai deploys are built: the singleton (SafeL2, which emits an event for every
// transaction so the portal and `rantai gov history` can read them from logs), the proxy factory,
// the compatibility fallback handler and MultiSend (batched council actions).
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc-0.7.6");

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = path.join(ROOT, "node_modules", "@safe-global", "safe-contracts");
const OUT = path.resolve(process.argv[2] || path.join(ROOT, ".build", "safe"));
const TARGETS = {
  "SafeL2.sol": "SafeL2",
  "proxies/SafeProxyFactory.sol": "SafeProxyFactory",
  "proxies/SafeProxy.sol": "SafeProxy",
  "handler/CompatibilityFallbackHandler.sol": "CompatibilityFallbackHandler",
  "libraries/MultiSendCallOnly.sol": "MultiSendCallOnly",
};
// Safe 1.4.1's release settings (solc 0.7.6, optimizer on); istanbul is the newest EVM 0.7.6
// knows and runs unchanged on the london Besu network.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "istanbul",
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
  },
};

function fail(message) {
  process.stderr.write(`safe_build: ${message}\n`);
  process.exit(1);
}

function main() {
  const contractsDir = path.join(PACKAGE, "contracts");
  if (!fs.existsSync(contractsDir)) {
    fail(`${contractsDir} not found: run \`npm ci\` (make install) first`);
  }
  const version = JSON.parse(fs.readFileSync(path.join(PACKAGE, "package.json"), "utf8")).version;
  const sources = {};
  for (const file of Object.keys(TARGETS)) {
    sources[file] = { content: fs.readFileSync(path.join(contractsDir, file), "utf8") };
  }
  const findImports = (name) => {
    const candidate = path.resolve(contractsDir, name);
    if (!candidate.startsWith(contractsDir + path.sep) || !fs.existsSync(candidate)) {
      return { error: `File not found: ${name}` };
    }
    return { contents: fs.readFileSync(candidate, "utf8") };
  };
  const input = { language: "Solidity", sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === "error");
  if (errors.length > 0) fail(errors[0].formattedMessage.split("\n")[0]);
  fs.mkdirSync(OUT, { recursive: true });
  for (const [file, name] of Object.entries(TARGETS)) {
    const contract = output.contracts[file][name];
    const artifact = {
      contractName: name,
      sourceName: `@safe-global/safe-contracts@${version}/contracts/${file}`,
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      compiler: { name: "solc", version: solc.version(), settings: SETTINGS },
    };
    fs.writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(artifact, null, 1)}\n`);
  }
  process.stdout.write(`safe_build: ${Object.keys(TARGETS).length} Safe ${version} artifacts in ${OUT}\n`);
}

main();
