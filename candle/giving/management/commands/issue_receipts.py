"""manage.py issue_receipts --year 2025 --out DIR: every requested receipt of the year as PDFs,
plus the NTS issuance list (nts-YYYY.csv) in the same folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candle.core.private_files import private_file_write
from candle.giving.receipts import ReceiptFontMissing, nts_export_csv, receipts_issue_year


class Command(BaseCommand):
    help = "Issue (or reissue, keeping their numbers) the year's donation receipts as PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
        parser.add_argument("--no-nts", action="store_true", help="do not write the NTS list")

    def handle(self, *args, year: int, out: Path, no_nts: bool, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a year such as 2025")
        try:
            receipts = receipts_issue_year(year=year, out_dir=out)
        except ReceiptFontMissing as error:
            raise CommandError(str(error)) from None
        if not no_nts:
            private_file_write(out / f"nts-{year}.csv", nts_export_csv(year=year))
        reissued = sum(1 for r in receipts if r.reissue_count)
        self.stdout.write(
            f"{len(receipts)} receipts for {year} in {out} "
            f"({len(receipts) - reissued} new, {reissued} reissued with their numbers)"
        )
        if receipts:
            self.stdout.write(f"numbers {receipts[0].number} … {max(r.number for r in receipts)}")
