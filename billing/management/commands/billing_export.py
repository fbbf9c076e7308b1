import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from billing.exchange.exporter import portal_payments_export


class Command(BaseCommand):
    help = "Export the payments taken through the portal for the billing system (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["payments"])
        parser.add_argument("--from", dest="first", type=date.fromisoformat, required=True,
                            help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", type=date.fromisoformat, required=True,
                            help="last day, YYYY-MM-DD")
        parser.add_argument("--output", help="a file; standard output if left out")

    def handle(self, *args, what: str, first: date, last: date, output: str | None, **options):
        if first > last:
            raise CommandError("--from comes after --to")
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = portal_payments_export(first=first, last=last, out=out)
        else:
            count = portal_payments_export(first=first, last=last, out=sys.stdout)
        self.stderr.write(f"{count} payment(s) exported.")
