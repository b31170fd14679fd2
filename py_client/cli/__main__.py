"""``python -m py_client.cli``: the ``rantai`` command."""

import sys

from py_client.cli.app import main

sys.exit(main())
