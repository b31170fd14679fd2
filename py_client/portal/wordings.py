"""The portal's wordings as data: (Indonesian, English) pairs in ``words/<name>.toml``.

Each file maps a key to ``[Indonesian, English]``, in the order the pages list them; the
translators edit the files, the modules :mod:`~py_client.portal.i18n`,
:mod:`~py_client.portal.i18n_public` and :mod:`~py_client.portal.i18n_security` load them.

Example::

    >>> load_wordings("portal")["nav.tenders"]
    ('Tender', 'Tenders')
"""

import tomllib
from importlib.resources import files
from typing import Any

Wordings = dict[str, tuple[str, str]]


def load_wordings(name: str) -> Wordings:
    """The pairs of ``words/<name>.toml``, in file order.

    Raises:
        ValueError: A value is not ``[Indonesian, English]`` (two strings).
    """
    path = files("py_client.portal").joinpath("words", f"{name}.toml")
    return {
        key: _pair(f"{name}.toml: {key}", value)
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items()
    }


def _pair(where: str, value: Any) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{where}: a wording is [Indonesian, English], got {value!r}")
    return value[0], value[1]


__all__ = ["Wordings", "load_wordings"]
