"""Keep candle/locale_vendor/ko: the Korean that Wagtail and wagtail-localize do not ship.

Wagtail's Korean catalogues cover about two thirds of its admin and wagtail-localize's almost
none of its interface, so editors met English on most screens. The missing Korean lives in
the project, in its own locale directory (listed in LOCALE_PATHS after ``candle/locale``), so
that ``make messages`` (which rewrites our catalogues from our own source) never drops it.

``uv run python scripts/vendor_messages.py`` adds every message the installed packages' English
catalogues hold and their Korean catalogues lack (empty or fuzzy) to the vendor catalogue,
untranslated, and keeps what the vendor catalogue already says: our translations and our
corrections of upstream Korean (an entry upstream translates too is ours on purpose).
``--missing`` prints the count still untranslated per domain and exits 1 if there are any.

Run it after upgrading Wagtail or wagtail-localize, translate the new entries by hand (read the
template that uses each string), then ``msgfmt -c`` the result.
"""

import argparse
import importlib
import sys
from pathlib import Path

import polib

PACKAGES = ["wagtail", "wagtail_localize", "taggit"]
DOMAINS = ["django", "djangojs"]
VENDOR_DIR = Path(__file__).resolve().parent.parent / "candle" / "locale_vendor"


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _package_catalogues(domain: str) -> list[tuple[Path, Path]]:
    """(English catalogue, Korean catalogue) of every app directory of the packages."""
    pairs = []
    for name in PACKAGES:
        root = Path(importlib.import_module(name).__file__).parent
        for english in sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
            korean = english.parent.parent.parent / "ko" / "LC_MESSAGES" / f"{domain}.po"
            pairs.append((english, korean))
    return pairs


def vendor_update(domain: str) -> polib.POFile:
    path = VENDOR_DIR / "ko" / "LC_MESSAGES" / f"{domain}.po"
    vendor = polib.pofile(str(path)) if path.exists() else polib.POFile()
    vendor.metadata = {
        "Project-Id-Version": "candle-vendor",
        "PO-Revision-Date": vendor.metadata.get("PO-Revision-Date", "2026-12-06 07:00+0900"),
        "Last-Translator": "Candle",
        "Language-Team": "Korean",
        "Language": "ko",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    known = {_key(entry) for entry in vendor}
    for english_path, korean_path in _package_catalogues(domain):
        korean = {}
        if korean_path.exists():
            korean = {_key(e): e for e in polib.pofile(str(korean_path)) if _translated(e)}
        for entry in polib.pofile(str(english_path)):
            if entry.obsolete or _key(entry) in korean or _key(entry) in known:
                continue
            known.add(_key(entry))
            vendor.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr="",
                    msgstr_plural={0: ""} if entry.msgid_plural else {},
                    occurrences=entry.occurrences[:3],
                    flags=[f for f in entry.flags if f != "fuzzy"],
                )
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor.save(str(path))
    return vendor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="count untranslated, exit 1 if any")
    args = parser.parse_args()
    missing = 0
    for domain in DOMAINS:
        vendor = vendor_update(domain)
        untranslated = [e for e in vendor if not _translated(e)]
        missing += len(untranslated)
        print(f"{domain}: {len(vendor)} entries, {len(untranslated)} untranslated")
    return 1 if args.missing and missing else 0


if __name__ == "__main__":
    sys.exit(main())
