"""Casework's admin: each part registers its screens in its own hooks module."""

from . import hooks_testimonies  # noqa: F401
