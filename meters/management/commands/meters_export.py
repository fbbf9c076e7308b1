import argparse
import re
import sys
from datetime import date

from django.core.management.base import BaseCommand

from meters.exchange import readings_export
from meters.models import Reading


def _month(text: str) -> date:
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError("a month as YYYY-MM")
    return date(int(text[:4]), int(text[5:]), 1)


class Command(BaseCommand):
    help = "Export a month's meter readings for the billing system (CSV, docs/exchange.md)."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=_month, required=True, help="YYYY-MM")
        parser.add_argument("--output", help="a file; standard output if left out")

    def handle(self, *args, period, output: str | None, **options):
        readings = Reading.objects.filter(period=period)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = readings_export(readings=readings, out=out)
        else:
            count = readings_export(readings=readings, out=sys.stdout)
        self.stderr.write(f"{count} reading(s) exported.")
