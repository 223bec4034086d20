"""manage.py import_gnuboard --source mysql://USER:PASS@HOST:PORT/DB [--files DIR] [--prefix g5_]
[--board BO_TABLE=SLUG …] [--english BO_TABLE …] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from candle.importers.gnuboard_source import SourceError
from candle.importers.services import gnuboard_import, language_name


class Command(BaseCommand):
    @property
    def help(self) -> str:  # read when the parser is made, in the active language
        return _(
            "Import a GnuBoard5 site (boards, posts, replies, comments, files) into Candle. Safe to run again."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", required=True, help="mysql://USER:PASSWORD@HOST:PORT/DATABASE"
        )
        parser.add_argument(
            "--files", default=None, help=_("GnuBoard's data/ folder (with file/ and editor/)")
        )
        parser.add_argument("--prefix", default="g5_", help=_("table prefix (default g5_)"))
        parser.add_argument(
            "--board",
            action="append",
            default=[],
            metavar="BO_TABLE=SLUG",
            help=_("put a GnuBoard board into the existing Candle board with this address"),
        )
        parser.add_argument(
            "--english",
            action="append",
            default=[],
            nargs="+",
            metavar="BO_TABLE",
            help=_("boards whose posts are in English"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("change nothing; print what would happen")
        )

    def handle(self, *args, **options):
        board_slugs = {}
        for item in options["board"]:
            bo_table, sep, slug = item.partition("=")
            if not sep or not bo_table.strip() or not slug.strip():
                raise CommandError(
                    _("--board takes BO_TABLE=SLUG, e.g. --board notice=notices (got “%(item)s”).")
                    % {"item": item}
                )
            board_slugs[bo_table.strip()] = slug.strip()
        english = {name for group in options["english"] for name in group}
        bar = tqdm(
            total=0,
            unit=_("rows"),
            desc=_("Importing"),
            file=self.stderr._out,
            disable=options["verbosity"] < 1,
            dynamic_ncols=True,
        )

        def set_total(total: int) -> None:
            bar.total = total
            bar.refresh()

        try:
            summary = gnuboard_import(
                source_url=options["source"],
                prefix=options["prefix"],
                files_dir=options["files"],
                board_slugs=board_slugs,
                english=english,
                dry_run=options["dry_run"],
                progress=bar.update,
                progress_total=set_total,
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt as error:
            # every row already done is saved; the next run skips it and carries on
            raise CommandError(
                _(
                    "Stopped before the end. What was imported is kept: run the same command again to finish."
                )
            ) from error
        finally:
            bar.close()

        out = self.stdout
        if summary.dry_run:
            out.write(
                self.style.WARNING(
                    _("Dry run: nothing was changed. This is what an import would do:")
                )
            )
        for bo_table, subject, language, address, new in summary.board_targets:
            out.write(
                "  "
                + _("%(table)s (%(title)s) → %(address)s, %(language)s%(new)s")
                % {
                    "table": bo_table,
                    "title": subject,
                    "address": address,
                    "language": language_name(language),
                    "new": (
                        ", "
                        + (
                            _("would be created")
                            if summary.dry_run
                            else pgettext("import summary", "created")
                        )
                    )
                    if new
                    else "",
                }
            )
        rows = [
            (_("Boards"), summary.boards),
            (_("Posts"), summary.posts),
            (_("of which replies"), summary.replies),
            (_("Comments"), summary.comments),
            (_("Attachments"), summary.files),
            (_("Inline images"), summary.inline_images),
            (_("of which copies, listed on a second board"), summary.copies),
            (_("Moved posts"), summary.moved),
            (_("Members counted (not imported)"), summary.members),
            (
                pgettext("import summary", "Created") if not summary.dry_run else _("Would create"),
                summary.created,
            ),
            (
                pgettext("import summary", "Updated") if not summary.dry_run else _("Would update"),
                summary.updated,
            ),
            (_("Unchanged"), summary.unchanged),
            (_("Skipped"), len(summary.skipped)),
        ]
        width = max(len(label) for label, _n in rows)
        for label, number in rows:
            out.write(f"  {label.ljust(width)}  {number:>7,}")
        if summary.removed_from_html:
            removed = ", ".join(
                f"{_removed_label(kind)} ×{n}"
                for kind, n in sorted(summary.removed_from_html.items())
            )
            out.write(_("Removed from post HTML: %(list)s") % {"list": removed})
        for where, reason in summary.skipped:
            out.write(self.style.WARNING(f"  {_('skipped')} {where}: {reason}"))


def _removed_label(kind: str) -> str:
    """What legacy_html removed, said in the reader's language (kinds are its first words)."""
    labels = {
        "script": _("scripts"),
        "embed": _("embedded players and widgets"),
        "object": _("embedded players and widgets"),
        "applet": _("embedded players and widgets"),
        "hidden": _("text hidden with CSS"),
        "event": _("event handlers (onclick …)"),
        "link": _("unsafe links (javascript: …)"),
        "image": _("images from elsewhere or data: addresses"),
    }
    return labels.get(kind) or _("other markup (%(tag)s)") % {"tag": kind}
