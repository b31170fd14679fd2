"""What the page families share with the app factory, so that they never import it.

:func:`py_client.portal.app.create_app` builds the portal's state (:class:`~py_client.portal.app.
Portal`) and its ``render`` and ``not_found`` closures, then hands them to each page family's
``install_…`` function (:mod:`~py_client.portal.pages_lists`, :mod:`~py_client.portal.
pages_documents`, :mod:`~py_client.portal.opendata`). Those modules see the state through
:class:`PortalState`, the part of it they use, and the closures through :data:`Render` and
:data:`NotFound`: the imports run one way, from the factory to the pages.

Example::

    >>> def install_hello(app, portal: PortalState, render: Render) -> None:  # doctest: +SKIP
    ...     @app.get("/hello")
    ...     def hello(request):
    ...         portal.sync()
    ...         return render(request, "message.html", message="hello")
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import HTMLResponse

from py_client.audit.db import Database
from py_client.portal.documents import PublicDocuments
from py_client.portal.listing import Lists
from py_client.portal.public import PublicData

Render = Callable[..., HTMLResponse]
"""``render(request, template, status=200, **context)``: a page in the request's language."""

NotFound = Callable[[Request], HTMLResponse]
"""``not_found(request)``: the portal's 404 page."""


class PortalState(Protocol):
    """The portal's shared state as the page families use it."""

    @property
    def lock(self) -> AbstractContextManager[Any]:
        """Held while a page reads the index (a no-op lock on read-only workers)."""

    @property
    def db(self) -> Database:
        """The audit index."""

    @property
    def data(self) -> PublicData:
        """The public pages' reads of the index."""

    @property
    def lists(self) -> Lists:
        """The paged, filtered lists."""

    @property
    def documents(self) -> PublicDocuments:
        """Public documents and tender titles."""

    def sync(self, force: bool = False) -> None:
        """Index new events unless a sync ran a moment ago."""


__all__ = ["NotFound", "PortalState", "Render"]
