from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing.exchange.formats import FORMATS
from billing.exchange.importer import ImportRejected, billing_file_import
from vodokanal.audit import audit_record


class Command(BaseCommand):
    help = ("Import a CSV file from the billing system (docs/exchange.md): all rows or none. "
            "Importing the same file again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(FORMATS))
        parser.add_argument("path", type=Path)

    def handle(self, *args, kind: str, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as stream:
                result = billing_file_import(file_format=FORMATS[kind], stream=stream)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{path}: nothing imported ({len(rejected.errors)} error(s) "
                               "shown above).") from None
        audit_record(action="billing.imported", kind=kind, file=path.name, rows=result.rows,
                     written=result.written)
        self.stdout.write(f"{path}: {result.rows} rows, {result.written} new or changed.")
