"""The e-mail backend of `make run`: every message as an .eml file and on the console."""

import sys
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class FileAndConsoleEmailBackend(BaseEmailBackend):
    """Writes each message to EMAIL_FILE_PATH/<time>-<n>.eml, so links can be opened."""

    def send_messages(self, email_messages) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S-%f")
        for number, message in enumerate(email_messages):
            raw = message.message().as_bytes(linesep="\n")
            path = folder / f"{stamp}-{number}.eml"
            path.write_bytes(raw)
            sys.stdout.write(f"\n--- e-mail saved to {path} ---\n")
            sys.stdout.write(raw.decode("utf-8", errors="replace") + "\n")
        sys.stdout.flush()
        return len(email_messages)
