"""Casework's admin: each part registers its URLs in its own hooks module, imported here."""

from . import hooks_core, hooks_rescue, hooks_testimonies  # noqa: F401
