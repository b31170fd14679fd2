"""Operations code shared by scripts, tests and benchmarks (Ape-free).

- :mod:`py_client.ops.localchain`: start and stop a local anvil node, Besu-like by default.
"""
