from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vodokanal import synthetic


class Command(BaseCommand):
    help = ("Fill an empty database with a synthetic city for benchmarks: every account "
            "registered, with months of charges, payments and meter readings.")

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=100_000)
        parser.add_argument("--months", type=int, default=36)

    def handle(self, *args, accounts: int, months: int, **options):
        if accounts < 1 or months < 1:
            raise CommandError("--accounts and --months must be at least 1")
        try:
            city = synthetic.synthetic_city_build(accounts=accounts, months=months,
                                                  today=timezone.localdate())
        except synthetic.CityNotEmpty as error:
            raise CommandError(f"Refused: {error}. Use an empty database.") from error
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic city: {city.accounts} accounts, {city.charge_rows} charges "
            f"({city.first_period:%m.%Y}–{city.last_period:%m.%Y}). Logins "
            f"{synthetic.account_number(1)}…{synthetic.account_number(city.accounts)}, "
            f"password {synthetic.PASSWORD}."))
