"""Console form bodies read with a size limit enforced while they stream in.

The portal checks who may send a form **before** it reads the body (the route does the role
check first); then :func:`read_form` reads the body through :func:`limited`, which stops with
:class:`UploadTooLarge` as soon as more than the limit has arrived, whatever ``Content-Length``
claims (a declared length above the limit is refused before a byte is read). Files go through
Starlette's multipart parser, which spools a file part to disk past 1 MiB, so a large upload is
never held whole in memory; a file the form needs is then read from its spool, at most the limit.

Example::

    >>> DEFAULT_UPLOAD_LIMIT == 20 * 1024 * 1024
    True
"""

from collections.abc import AsyncGenerator, AsyncIterator

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

from py_client.errors import RantaiError

DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024
"""The largest console form body (all fields and files together), in bytes."""
MAX_FIELD_BYTES = 1024 * 1024


class UploadTooLarge(RantaiError, ValueError):
    """A form body is larger than the portal accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the upload is larger than {limit} bytes")
        self.limit = limit


class UploadMalformed(RantaiError, ValueError):
    """A form body cannot be parsed (not a form, broken multipart)."""


async def limited(chunks: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    """``chunks`` passed on until their total passes ``limit``, then :class:`UploadTooLarge`."""
    seen = 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > limit:
            raise UploadTooLarge(limit)
        yield chunk


async def read_form(
    request: Request, limit: int = DEFAULT_UPLOAD_LIMIT
) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The text fields and the (non-empty) files of a console form, at most ``limit`` bytes.

    Returns:
        ``(values, files)``: field name → text, and field name → ``(file name, content)``.

    Raises:
        UploadTooLarge: The body (declared or streamed) is larger than ``limit``.
        UploadMalformed: The body is not a urlencoded or multipart form.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise UploadTooLarge(limit)
    content_type = request.headers.get("content-type", "")
    stream = limited(request.stream(), limit)
    parser: FormParser | MultiPartParser
    if content_type.startswith("multipart/form-data"):
        parser = MultiPartParser(request.headers, stream, max_part_size=MAX_FIELD_BYTES)
    elif content_type.startswith("application/x-www-form-urlencoded") or not content_type:
        parser = FormParser(request.headers, stream, max_part_size=MAX_FIELD_BYTES)
    else:
        raise UploadMalformed(f"a form is expected, not {content_type}")
    try:
        form = await parser.parse()
    except MultiPartException as err:
        raise UploadMalformed(err.message) from err
    values: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read(limit + 1)
                if len(content) > limit:
                    raise UploadTooLarge(limit)
                if content:
                    files[key] = (value.filename or key, content)
            else:
                values[key] = str(value)
    finally:
        await form.close()
    return values, files


__all__ = [
    "DEFAULT_UPLOAD_LIMIT",
    "UploadMalformed",
    "UploadTooLarge",
    "limited",
    "read_form",
]
