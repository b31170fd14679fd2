"""The portal's words in Bahasa Indonesia (default) and English.

:data:`TEXT` maps a key to its (Indonesian, English) wording (the data: ``words/portal.toml``,
with the public and security words); templates call ``t(key, **values)``
and the form checks build their messages from the same table, so every page and every error is
available in both languages. A test checks that each key has both wordings with the same fields.
The language comes from the ``lang`` cookie (set by ``/lang/en`` and ``/lang/id``).

Example::

    >>> text("nav.tenders", "id"), text("nav.tenders", "en")
    ('Tender', 'Tenders')
    >>> text("form.amount", "en", field="HPS")
    'HPS must be whole rupiah, written 1500000 or 1.500.000.'
"""

from py_client.formatting import rupiah
from py_client.portal.i18n_public import PUBLIC_TEXT
from py_client.portal.i18n_security import SECURITY_TEXT
from py_client.portal.wordings import load_wordings

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

TEXT = load_wordings("portal")
TEXT.update(PUBLIC_TEXT)  # lists, public documents, event names, red flags (issue 21)
TEXT.update(SECURITY_TEXT)


def language(value: str | None) -> str:
    """``value`` if it is a supported language, else the default (Bahasa Indonesia)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, lang: str, **values: object) -> str:
    """The wording of ``key`` in ``lang``, with ``values`` filled in (the key if unknown)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    template = pair[0 if lang == "id" else 1]
    return template.format(**values) if values else template


def money(value: int | None, lang: str) -> str:
    """Rupiah for a page in its language (``-`` for ``None``): ``formatting.rupiah``."""
    return rupiah(value, lang)


def state(name: str | None, lang: str) -> str:
    """A Solidity enum name (``Open``, ``InTransit``...) in words."""
    if not name:
        return "-"
    return text(f"state.{name}", lang) if f"state.{name}" in TEXT else name


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXT", "language", "money", "state", "text"]
