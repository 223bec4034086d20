"""Bringing a GnuBoard5 site into Candle: boards, posts, replies, comments, attachments and
inline images. Idempotent: every row is keyed on its GnuBoard id (``LegacyPost``/``LegacyFile``)
with a fingerprint of its source, so a second run updates what changed and creates nothing
twice. A bad row is reported and skipped; it never stops the run.

One module per part of the run: ``importer`` (the run and ``gnuboard_import``), ``boards``,
``posts`` (posts, copies, comments), ``files`` (attachments, editor images), ``indexing``,
``text`` (GnuBoard's text made Candle's), ``summary`` (what the run reports).
"""

from .files import PRIVATE_COLLECTION_NAME, private_collection
from .importer import GnuboardImporter, gnuboard_import
from .summary import ImportSummary
from .text import language_guess, language_name, stamps_strip

__all__ = [
    "PRIVATE_COLLECTION_NAME",
    "GnuboardImporter",
    "ImportSummary",
    "gnuboard_import",
    "language_guess",
    "language_name",
    "private_collection",
    "stamps_strip",
]
