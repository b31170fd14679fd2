"""Operations code shared by scripts, tests and benchmarks (Ape-free).

- :mod:`py_client.ops.localchain`: start and stop a local anvil node, Besu-like by default.
- :mod:`py_client.ops.ape_node`: run an Ape command against such a node (``make demo``).
- :mod:`py_client.ops.system`: the deploy-and-wire sequence of the five Rantai contracts.
"""
