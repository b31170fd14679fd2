"""The portal's wordings as data: (Indonesian, English) pairs in ``words/<name>.toml``.

Each file maps a key to ``[Indonesian, English]``, in the order the pages list them; the
translators edit the files, the modules :mod:`~py_client.portal.i18n`,
:mod:`~py_client.portal.i18n_public` and :mod:`~py_client.portal.i18n_security` load them.
``words/error_patterns.toml`` maps a regular expression of an English message to its
Indonesian replacement (:mod:`~py_client.portal.errors_i18n`).

Example::

    >>> load_wordings("portal")["nav.tenders"]
    ('Tender', 'Tenders')
"""

import re
import tomllib
from importlib.resources import files
from typing import Any

Wordings = dict[str, tuple[str, str]]


def load_wordings(name: str) -> Wordings:
    """The pairs of ``words/<name>.toml``, in file order.

    Raises:
        ValueError: A value is not ``[Indonesian, English]`` (two strings).
    """
    return {key: _pair(f"{name}.toml: {key}", value) for key, value in _load(name).items()}


def load_patterns(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The (compiled expression, replacement) pairs of ``words/<name>.toml``, in file order.

    Raises:
        ValueError: A replacement is not a string.
        re.error: An expression does not compile.
    """
    pairs = []
    for expression, replacement in _load(name).items():
        if not isinstance(replacement, str):
            raise ValueError(f"{name}.toml: {expression}: the replacement must be a string")
        pairs.append((re.compile(expression), replacement))
    return tuple(pairs)


def _load(name: str) -> dict[str, Any]:
    path = files("py_client.portal").joinpath("words", f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _pair(where: str, value: Any) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{where}: a wording is [Indonesian, English], got {value!r}")
    return value[0], value[1]


__all__ = ["Wordings", "load_patterns", "load_wordings"]
