from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from vodokanal import demo


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo city and print its logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url: str, **options):
        # Addresses are printed the way the site shows them (кв., not apt.).
        with translation.override(settings.LANGUAGE_CODE):
            logins = demo.build(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo logins (the password of each is {demo.DEMO_PASSWORD}):")
        width = max(len(login.who) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.who:<{width}}  {login.login:<12}  {base_url}{login.url}")
