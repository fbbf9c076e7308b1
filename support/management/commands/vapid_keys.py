from django.core.management.base import BaseCommand

from support.push import vapid_key_pair


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push, as the settings take them."

    def handle(self, *args, **options):
        private, public = vapid_key_pair()
        self.stdout.write(f"WEB_PUSH_VAPID_PRIVATE_KEY={private}\n"
                          f"WEB_PUSH_VAPID_PUBLIC_KEY={public}")
