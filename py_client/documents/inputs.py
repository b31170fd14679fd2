"""What a lifecycle step accepts as its document: moved to :mod:`py_client.document_inputs`.

The role views and the document service both take these values, so they live one layer below
both; this name is kept for callers.
"""

from py_client.document_inputs import *  # noqa: F403  (the same names, for callers)
from py_client.document_inputs import __all__ as __all__
