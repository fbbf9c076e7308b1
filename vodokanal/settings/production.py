"""Production: every secret from the environment, no defaults; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    PUBLISHED_DEMO_SECRETS,
    REDIS_KEY_PREFIX,
    database,
    env,
)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SITE_URL = env.str("SITE_URL").rstrip("/")
# No default: a wrong count lets a client choose the address its attempts are counted
# under (too many) or counts every client as the proxy (too few). 0: nothing in front.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT")
# The partner bank: no test bank, no demo terminal. The test bank takes any card, so a
# site that mounts it must say it is a demonstration (DEMO_SITE), never by a slip.
TEST_BANK_ENABLED = env.bool("TEST_BANK_ENABLED", default=False)
DEMO_SITE = env.bool("DEMO_SITE", default=False)
if TEST_BANK_ENABLED and not DEMO_SITE:
    raise ImproperlyConfigured("TEST_BANK_ENABLED is set, but DEMO_SITE is not: the test bank "
                               "accepts any card and belongs on a demonstration site only.")
PAYMENT_BANKS = env.list("PAYMENT_BANKS", default=["acquiring"])
FISCAL_VAT_RATE = env.str("FISCAL_VAT_RATE")
FISCAL_TAXATION = env.str("FISCAL_TAXATION")
if "acquiring" in PAYMENT_BANKS:
    PAYMENT_BANK_NAME = env.str("PAYMENT_BANK_NAME")
    PAYMENT_GATEWAY_URL = env.str("PAYMENT_GATEWAY_URL")
    PAYMENT_TERMINAL_KEY = env.str("PAYMENT_TERMINAL_KEY")
    PAYMENT_TERMINAL_PASSWORD = env.str("PAYMENT_TERMINAL_PASSWORD")
if "checkout" in PAYMENT_BANKS:
    PAYMENT_CHECKOUT_NAME = env.str("PAYMENT_CHECKOUT_NAME")
    PAYMENT_CHECKOUT_URL = env.str("PAYMENT_CHECKOUT_URL")
    PAYMENT_CHECKOUT_SHOP_ID = env.str("PAYMENT_CHECKOUT_SHOP_ID")
    PAYMENT_CHECKOUT_SECRET_KEY = env.str("PAYMENT_CHECKOUT_SECRET_KEY")
# The demo's secrets are in this repository: a site that used one, a demonstration with
# its test bank too, would take notifications anybody can sign.
for _bank, (_name, _published) in PUBLISHED_DEMO_SECRETS.items():
    if _bank in PAYMENT_BANKS and vars()[_name] == _published:
        raise ImproperlyConfigured(f"{_name} is the demo's published value: set a secret of "
                                   "this site's own.")
# A receipt with a demo's bank details must never reach a subscriber.
UTILITY_BANK = {
    "PAYEE_NAME": env.str("UTILITY_PAYEE_NAME"),
    "PAYEE_INN": env.str("UTILITY_PAYEE_INN"),
    "PAYEE_KPP": env.str("UTILITY_PAYEE_KPP"),
    "ACCOUNT": env.str("UTILITY_BANK_ACCOUNT"),
    "BANK_NAME": env.str("UTILITY_BANK_NAME"),
    "BIC": env.str("UTILITY_BANK_BIC"),
    "CORRESPONDENT_ACCOUNT": env.str("UTILITY_BANK_CORRESPONDENT_ACCOUNT"),
}
DATABASES = {"default": database(env.str("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_KEY_PREFIX,
    }
}
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# TLS ends at the load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# __Host-: the browser takes these cookies only over HTTPS, for this host and path /, so
# no subdomain or plain-HTTP page can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
