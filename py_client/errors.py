"""The exception hierarchy of the Rantai client: one root, ``RantaiError``."""


class RantaiError(Exception):
    """Root of every error the Rantai client raises on purpose."""
