"""The Rantai web portal: public transparency pages and a participant console (``rantai portal``).

- :mod:`~py_client.portal.app`: the FastAPI application, :func:`create_app` (a short factory);
  :mod:`~py_client.portal.runtime`: :class:`PortalConfig`, the shared state and page helpers;
  one router per page family (``pages_*.py``, :mod:`~py_client.portal.opendata`,
  :mod:`~py_client.portal.governance_page`), pages rendered on the server (Jinja2) from the
  audit index.
- :mod:`~py_client.portal.public`: the public read model over the audit database.
- :mod:`~py_client.portal.siwe`: Sign-In with Ethereum (EIP-4361), verified on the server.
- :mod:`~py_client.portal.actions`: form checks and unsigned transactions for the user's wallet
  (the server never holds a participant's key).
- :mod:`~py_client.portal.i18n`, :mod:`~py_client.portal.errors_i18n`: Bahasa Indonesia and
  English, including every contract custom error.
- :mod:`~py_client.portal.server`: :func:`serve`, uvicorn on a host and port.

Needs the ``portal`` extra: ``pip install '.[portal]'``. See ``docs/portal.md``.

Example::

    >>> from py_client.portal import PortalConfig, serve
    >>> from py_client.settings import Settings
    >>> serve(PortalConfig(Settings.from_env()), port=8000)  # doctest: +SKIP
"""

from py_client.portal.app import Portal, PortalConfig, create_app
from py_client.portal.server import load_names, serve

__all__ = ["Portal", "PortalConfig", "create_app", "load_names", "serve"]
