"""Production settings need these besides the secrets each test sets itself.

No Django here: the benchmark reads it before Django is set up.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_REQUIRED = {
    "UTILITY_PAYEE_NAME": "МУП «Тестводоканал»",
    "UTILITY_PAYEE_INN": "5400000001",
    "UTILITY_PAYEE_KPP": "540001002",
    "UTILITY_BANK_ACCOUNT": "40702810000000000001",
    "UTILITY_BANK_NAME": "Тест-банк",
    "UTILITY_BANK_BIC": "045000001",
    "UTILITY_BANK_CORRESPONDENT_ACCOUNT": "30101810000000000001",
    "PAYMENT_BANK_NAME": "Банк-партнёр",
    "PAYMENT_GATEWAY_URL": "https://acquiring.bank.example/v2",
    "PAYMENT_TERMINAL_KEY": "VodokanalProd",
    "PAYMENT_TERMINAL_PASSWORD": "production-terminal-password",
    "FISCAL_VAT_RATE": "22",
    "FISCAL_TAXATION": "osn",
    "TRUSTED_PROXY_COUNT": "1",
}

# A production configuration for `manage.py check --deploy` and the like.
PRODUCTION_LIKE = {
    "DJANGO_SETTINGS_MODULE": "vodokanal.settings.production",
    "SECRET_KEY": "x7!q-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "lk.example.ru",
    "SITE_URL": "https://lk.example.ru",
    "DATABASE_URL": "postgres://postgres@localhost:5432/postgres",
    "REDIS_URL": "redis://localhost:6379/1",
    **PRODUCTION_REQUIRED,
}


def manage_py(*arguments: str, environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT,
        env={**os.environ, **environment}, capture_output=True, text=True, timeout=120,
    )
