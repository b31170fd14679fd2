"""The public document route: ``GET /documents/0x<keccak256>`` (issue 21).

It serves a document only when the chain records its hash as a tender specification or a tender
item's description (public by law: anyone may read what the state buys) and the stored bytes
are not an encrypted envelope; everything else, confidential documents included, is a 404 that
says no more than "not found". The bytes are checked against the hash on every read
(:meth:`py_client.documents.DocumentStore.get`). A JSON specification is served as
``application/json``, any other text as ``text/plain``, both with ``nosniff`` and a sandboxing
CSP so that a document can never run script in the portal's origin.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

import json
import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from py_client.portal.runtime import Runtime

DIGEST = re.compile(r"0x[0-9a-fA-F]{64}")


router = APIRouter()


@router.get("/documents/{digest}")
def document(request: Request, digest: str, rt: Runtime) -> Response:
    if not DIGEST.fullmatch(digest):
        return rt.not_found(request)
    rt.portal.sync()
    with rt.portal.lock:
        data = rt.portal.documents.public_document(bytes.fromhex(digest[2:]))
    if data is None:
        return rt.not_found(request)
    try:
        json.loads(data)
        media = "application/json"
    except ValueError:
        media = "text/plain; charset=utf-8"
    return Response(
        data,
        media_type=media,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Content-Disposition": f'inline; filename="{digest.lower()}"',
            "Cache-Control": "public, max-age=86400, immutable",
        },
    )


__all__ = ["router"]
