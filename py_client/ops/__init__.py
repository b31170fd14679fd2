"""Operations code shared by scripts, tests and benchmarks (Ape-free: web3.py and eth-account).

- :mod:`py_client.ops.localchain`: start and stop a local anvil node, Besu-like by default.
- :mod:`py_client.ops.ape_node`: run an Ape command against such a node (``make demo``).
- :mod:`py_client.ops.system`: the deploy-and-wire sequence of the five Rantai contracts.
- :mod:`py_client.ops.accounts`: who signs (local keys, raw transactions, the gas mode).
- :mod:`py_client.ops.safe`: the Safe contracts' artifacts and CREATE2 Safes.
- :mod:`py_client.ops.deploy`: deploy, wire and verify; the deployment file.
- :mod:`py_client.ops.plan` and :mod:`py_client.ops.bootstrap`: the participants file and
  bringing a chain to it (organisations, roles, budgets, funds, the governance handover).
- :mod:`py_client.ops.pilot` and :mod:`py_client.ops.governance_pilot`: the ``make demo`` scenario.
"""
