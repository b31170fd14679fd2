"""Words of the portal's security and error answers, in Bahasa Indonesia and English.

Merged into :data:`py_client.portal.i18n.TEXT` (so ``t(key)`` and the same-fields test cover
them); kept apart because sign-in, sessions, uploads and error pages own them. The data is in
``words/security.toml``.
"""

from py_client.portal.wordings import load_wordings

SECURITY_TEXT = load_wordings("security")
