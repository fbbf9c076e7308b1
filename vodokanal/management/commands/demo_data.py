from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import PersonalAccount
from vodokanal import demo


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo city and print its logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url: str, **options):
        if not settings.DEMO_SITE:
            # It makes logins, staff's `admin` among them, whose password is published.
            raise CommandError("This site is not a demonstration (DEMO_SITE is off): the demo "
                               "city's logins have a published password.")
        # Addresses are printed the way the site shows them (кв., not apt.).
        with translation.override(settings.LANGUAGE_CODE):
            logins = demo.build(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo logins (the password of each is {demo.DEMO_PASSWORD}):")
        width = max(len(login.who) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.who:<{width}}  {login.login:<12}  {base_url}{login.url}")
        self._registration_example(base_url)

    def _registration_example(self, base_url: str) -> None:
        example = demo.REGISTRATION_EXAMPLE
        account = PersonalAccount.objects.select_related("building").get(number=example.number)
        with translation.override(settings.LANGUAGE_CODE):
            address = account.address
        self.stdout.write(
            f"To try the registration ({base_url}{reverse('accounts:register')}): account "
            f"{account.number}, {address}, {account.holder_name}, any e-mail. The letter "
            f"with the link lands in {settings.EMAIL_FILE_PATH}/ unless EMAIL_URL is set.")
