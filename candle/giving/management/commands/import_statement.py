"""manage.py import_statement --source bank|cms|globalgiving FILE [--commit]

Dry run by default: says what the file would do and changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candle.giving.imports import StatementFileError, statement_import
from candle.giving.models import StatementLine


class Command(BaseCommand):
    help = (
        "Import a bank statement, CMS result file or GlobalGiving export (dry run unless --commit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", choices=StatementLine.Source.values, required=True)
        parser.add_argument("--commit", action="store_true", help="write to the database")

    def handle(self, *args, file: Path, source: str, commit: bool, **options):
        try:
            result = statement_import(
                source=source, data=file.read_bytes(), file_name=file.name, dry_run=not commit
            )
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except StatementFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(("" if commit else "[dry run] ") + result.summary())
        for line, message in result.errors[:50]:
            self.stdout.write(f"  line {line}: {message}")
