"""Rantai client library: procurement and supply-chain tracking on a permissioned EVM chain.

The client talks to a node through web3.py, signs locally with eth-account and never imports Ape,
so an agency can install it alone (``pip install .``)::

    >>> import py_client
    >>> py_client.__version__
    '0.1.0'
"""

from py_client.errors import RantaiError

__all__ = ["RantaiError", "__version__"]

__version__ = "0.1.0"
