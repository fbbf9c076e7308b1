import sys

from django.core.management.base import BaseCommand

from billing.exchange.formats import Period
from meters.exchange import readings_export
from meters.models import Reading


class Command(BaseCommand):
    help = "Export a month's meter readings for the billing system (CSV, docs/exchange.md)."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=Period().parse, required=True, help="YYYY-MM")
        parser.add_argument("--output", help="a file; standard output if left out")

    def handle(self, *args, period, output: str | None, **options):
        readings = Reading.objects.filter(period=period)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = readings_export(readings=readings, out=out)
        else:
            count = readings_export(readings=readings, out=sys.stdout)
        self.stderr.write(f"{count} reading(s) exported.")
