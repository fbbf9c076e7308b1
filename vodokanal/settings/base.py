"""Settings shared by every environment.

Every value comes from the environment (django-environ). PostgreSQL is the one
database everywhere: `make run` starts an embedded one and a Redis under var/
(vodokanal/embedded.py) and passes their DATABASE_URL and REDIS_URL; without
EMAIL_URL, e-mail is written to var/mail/.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Overridden by every environment module; production requires it from the environment.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "phonenumber_field",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "vodokanal",
    "accounts",
    "billing",
    "meters",
    "payments",
    "support",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vodokanal.urls"
WSGI_APPLICATION = "vodokanal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vodokanal.context_processors.utility",
                "support.context_processors.unread_notices",
            ],
        },
    },
]


def database(url: str) -> dict:
    """A DATABASE_URL as Django's settings. A socket directory given as `?host=` (the
    embedded server listens on one) becomes the HOST, as psycopg takes it."""
    config = env.db_url_config(url)
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir:
        config["HOST"] = socket_dir
    return config


DATABASES = {
    "default": database(env.str("DATABASE_URL",
                                default="postgres://postgres@localhost:5432/vodokanal")),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountNumberBackend",
    "accounts.backends.AccessCodeBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cabinet"
LOGOUT_REDIRECT_URL = "home"
# A session without "remember me" ends after so long idle, or so long after the login
# (accounts/sessions.py); with it, after SESSION_COOKIE_AGE (Django's two weeks).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
# The installable app shows a cabinet tab offline at most so long after it was kept.
OFFLINE_COPY_HOURS = env.float("OFFLINE_COPY_HOURS", default=12)
# Set-password, recovery and e-mail confirmation links: single use, valid 24 hours.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# Links in e-mails are written by Celery workers, which have no request to ask.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.NotLikeYourDetailsValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: told of every new password, it ends what the old one opened.
    {"NAME": "accounts.passwords.PasswordReplacedHook"},
]

# Login lockout (django-axes): per login and client IP, lifted after the cool-off.
AXES_HANDLER = "accounts.lockout.LoginLockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.login_of"
AXES_CLIENT_IP_CALLABLE = "vodokanal.throttle.client_address"
# Failed logins from one client address within the cool-off, whatever the logins: slows
# password spraying (one password tried against many account numbers). Residents behind
# one carrier address share it; raise it if they are locked out at the month's end.
LOGIN_FAILURES_PER_CLIENT_ADDRESS = env.int("LOGIN_FAILURES_PER_CLIENT_ADDRESS", default=50)
# Submissions an hour of the forms that check details against the register or end in a
# mail (registration, recovery, e-mail change, linking an account, questions): per client
# address and per login for each form, and per recipient across the forms that mail links.
FORM_LIMITS_PER_HOUR = {
    "client": env.int("FORM_LIMIT_PER_CLIENT_ADDRESS", default=20),
    "user": env.int("FORM_LIMIT_PER_LOGIN", default=5),
    "recipient": env.int("FORM_LIMIT_PER_RECIPIENT", default=3),
}
AXES_RESET_ON_SUCCESS = True
# Tries during a lock are refused without being counted: the lock lifts when the page
# says, however often the person tried meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.login.locked_out"
AXES_VERBOSE = False
# How many proxies in front of gunicorn append to X-Forwarded-For: the client is the
# address the outermost of them added; anything before it the client may have forged.
# 0 (make run): the header is ignored. Production has no default (settings/production.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Redis is the cache and the Celery broker when REDIS_URL is set; without it
# the cache is local memory and Celery runs every task in-process.
REDIS_URL = env.str("REDIS_URL", default="")
# Every key of ours in Redis, the cache's and the broker's, starts with it: two sites, or
# two test runs, can share one Redis without touching each other's keys.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="vodokanal")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.send_email*": {"queue": "email"},
    "*.send_sms*": {"queue": "sms"},
    "*.render_pdf*": {"queue": "pdf"},
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600,
                                   "global_keyprefix": f"{REDIS_KEY_PREFIX}:"}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Novosibirsk"
# Card payments through the partner banks (payments/gateways). Without settings of the
# real banks, the built-in test bank at /test-bank/ plays both, each its own protocol.
TEST_BANK_ENABLED = env.bool("TEST_BANK_ENABLED", default=True)
# A demonstration site (make run, the tests): `manage.py demo_data` builds the demo city,
# whose logins' password is published. Production is none unless it says so.
DEMO_SITE = env.bool("DEMO_SITE", default=True)
# The banks a payer may choose from, in the pay page's order; the first is the one chosen
# unless the payer picks another (and the one the API's payment links use).
PAYMENT_BANKS = env.list("PAYMENT_BANKS", default=["acquiring", "checkout"])
# The first bank: an acquiring API of the Init + signed notification kind.
PAYMENT_BANK_NAME = env.str("PAYMENT_BANK_NAME", default="Банк-партнёр «Эквайринг»")
PAYMENT_GATEWAY_URL = env.str("PAYMENT_GATEWAY_URL", default=f"{SITE_URL}/test-bank/v2")
PAYMENT_TERMINAL_KEY = env.str("PAYMENT_TERMINAL_KEY", default="VodokanalTest")
PAYMENT_TERMINAL_PASSWORD = env.str("PAYMENT_TERMINAL_PASSWORD", default="test-bank-password")
# The site of the bank's payment page, named to the payer before the redirect (safety
# rules) and checked against the page the bank sends the payer to. Empty: the host of
# PAYMENT_GATEWAY_URL; set it for a bank whose payment pages live on another host.
PAYMENT_BANK_SITE = env.str("PAYMENT_BANK_SITE", default="")
# The second bank: a REST API of the Idempotence-Key + unsigned webhook kind.
PAYMENT_CHECKOUT_NAME = env.str("PAYMENT_CHECKOUT_NAME", default="Платёжный сервис «Касса»")
PAYMENT_CHECKOUT_URL = env.str("PAYMENT_CHECKOUT_URL", default=f"{SITE_URL}/test-bank/v3")
PAYMENT_CHECKOUT_SHOP_ID = env.str("PAYMENT_CHECKOUT_SHOP_ID", default="100500")
PAYMENT_CHECKOUT_SECRET_KEY = env.str("PAYMENT_CHECKOUT_SECRET_KEY",
                                      default="test-shop-secret")
PAYMENT_CHECKOUT_SITE = env.str("PAYMENT_CHECKOUT_SITE", default="")
# The defaults above that are secrets, published here: production refuses each of them.
PUBLISHED_DEMO_SECRETS = {"acquiring": ("PAYMENT_TERMINAL_PASSWORD", "test-bank-password"),
                          "checkout": ("PAYMENT_CHECKOUT_SECRET_KEY", "test-shop-secret")}
# The base of the URL the bank posts notifications to. Empty: SITE_URL, the public site.
# docker-compose gives the web service's address inside its network.
PAYMENT_NOTIFICATION_BASE_URL = env.str("PAYMENT_NOTIFICATION_BASE_URL", default="")
# How long a call to a bank's API may take before the bank counts as not answering.
PAYMENT_GATEWAY_TIMEOUT_SECONDS = env.float("PAYMENT_GATEWAY_TIMEOUT_SECONDS", default=15)
PAYMENT_MIN_AMOUNT = Decimal(env.str("PAYMENT_MIN_AMOUNT", default="1.00"))
PAYMENT_MAX_AMOUNT = Decimal(env.str("PAYMENT_MAX_AMOUNT", default="100000.00"))
# A payment above the debt by more than this, or a total above the cap, is sent to the bank
# only after the payer confirms it in figures (a slipped comma turns 100,50 into 10 050).
PAYMENT_CONFIRM_ABOVE_DEBT_BY = Decimal(env.str("PAYMENT_CONFIRM_ABOVE_DEBT_BY",
                                                default="5000.00"))
PAYMENT_CONFIRM_ABOVE = Decimal(env.str("PAYMENT_CONFIRM_ABOVE", default="30000.00"))
# The fiscal receipt (54-ФЗ) each payment request carries (payments/fiscal.py): the
# utility's VAT rate (none, 0, 5, 7, 10, 20, 22; "none" only for a seller exempt from VAT)
# and taxation system (osn, usn_income, usn_income_outcome, esn, patent). The demo's are
# a water utility's on the general system; production must set both (ask the accountant).
FISCAL_VAT_RATE = env.str("FISCAL_VAT_RATE", default="22")
FISCAL_TAXATION = env.str("FISCAL_TAXATION", default="osn")
# Paying without a login (/pay/): lookups a minute from the whole site (on top of each
# client address's hourly FORM_LIMIT_PER_CLIENT_ADDRESS), and holder's surnames tried an
# hour per account, from wherever they come.
GUEST_PAYMENT_LOOKUPS_PER_MINUTE = env.int("GUEST_PAYMENT_LOOKUPS_PER_MINUTE", default=120)
GUEST_PAYMENT_SURNAMES_PER_ACCOUNT = env.int("GUEST_PAYMENT_SURNAMES_PER_ACCOUNT", default=10)
# Unsigned notifications (the second bank's webhooks) taken a minute from one address; each
# is only a hint, checked by asking the bank in a task.
PAYMENT_HINTS_PER_ADDRESS_PER_MINUTE = env.int("PAYMENT_HINTS_PER_ADDRESS_PER_MINUTE",
                                               default=600)
# Notifications whose signature fails are kept for staff, cut short, this many a minute.
PAYMENT_REJECTED_NOTIFICATIONS_KEPT_PER_MINUTE = env.int(
    "PAYMENT_REJECTED_NOTIFICATIONS_KEPT_PER_MINUTE", default=30)

# Web Push (support/push.py): the server's VAPID key pair, base64url (the private key raw,
# the public one an uncompressed point; `manage.py vapid_keys` makes a pair). Without them
# push is off: the choice is not offered.
WEB_PUSH_VAPID_PRIVATE_KEY = env.str("WEB_PUSH_VAPID_PRIVATE_KEY", default="")
WEB_PUSH_VAPID_PUBLIC_KEY = env.str("WEB_PUSH_VAPID_PUBLIC_KEY", default="")
WEB_PUSH_CONTACT = env.str("WEB_PUSH_CONTACT", default="mailto:support@example.org")
# A subscription's address comes from a resident's browser: only https on the browsers' own
# push services is taken ("*." is any subdomain), so nobody makes the worker post elsewhere.
WEB_PUSH_SERVICE_HOSTS = env.list("WEB_PUSH_SERVICE_HOSTS", default=[
    "fcm.googleapis.com",  # Chrome, Yandex Browser, Opera, Edge on Android
    "updates.push.services.mozilla.com",  # Firefox
    "*.push.apple.com",  # Safari
    "*.notify.windows.com",  # Edge on Windows
])
# The tests' push service is plain http on 127.0.0.1; only test settings turn this on.
WEB_PUSH_LOOPBACK_SERVICE = False
WEB_PUSH_DEVICES_PER_LOGIN = env.int("WEB_PUSH_DEVICES_PER_LOGIN", default=10)
# A push service's answer is waited for so long (connecting: half of it).
WEB_PUSH_TIMEOUT_SECONDS = env.float("WEB_PUSH_TIMEOUT_SECONDS", default=10)

# Personal access tokens: live ones a login may have, and the longest a token lives.
ACCESS_TOKENS_PER_LOGIN = env.int("ACCESS_TOKENS_PER_LOGIN", default=5)
ACCESS_TOKEN_DAYS = env.int("ACCESS_TOKEN_DAYS", default=90)
# Requests with a token that opens nothing, per client address (then 429 with Retry-After).
API_WRONG_TOKENS_PER_ADDRESS = env.str("API_WRONG_TOKENS_PER_ADDRESS", default="30/hour")

# The public API (vodokanal/api/): personal access tokens only, JSON only, errors as
# RFC 9457 problems, a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["vodokanal.api.auth.AccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["vodokanal.api.permissions.TokenHasScope"],
    "DEFAULT_PARSER_CLASSES": ["vodokanal.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["vodokanal.api.throttles.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE_PER_TOKEN", default="600/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vodokanal.api.errors.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("Customer portal API"),
    "DESCRIPTION": _(
        "Your accounts, charges, payments, meters and notices for your own programs: a "
        "pulse counter that sends readings, a home automation system that shows the "
        "balance. Make a personal access token in the profile and send it as "
        "`Authorization: Bearer pat_…`. Errors come as application/problem+json (RFC 9457) "
        "in the language of the request's Accept-Language; this page is in English with "
        "?lang=en and in Russian with ?lang=ru."),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The SMS gateway (support/sms.py); without SMS_URL messages go to the log.
SMS_URL = env.str("SMS_URL", default="")
SMS_TOKEN = env.str("SMS_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="Vodokanal")

# Receipts and statements as PDF, per login and minute (a render holds a web worker).
PDFS_PER_LOGIN_PER_MINUTE = env.int("PDFS_PER_LOGIN_PER_MINUTE", default=10)

# Notices are queued and sent this many at a time (one Celery task a batch).
NOTICE_BATCH_SIZE = env.int("NOTICE_BATCH_SIZE", default=1000)
# A batch that met a temporary failure is tried again after this, doubling each time.
NOTICE_RETRY_SECONDS = env.int("NOTICE_RETRY_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    # Orders the bank has not settled: ask it, in case a notification was lost.
    "payments-stuck": {
        "task": "payments.tasks.poll_stuck_orders",
        "schedule": crontab(minute="*/10"),
    },
    # Autopay: runs planned for newly loaded charges (told the day before), and charged.
    "autopay-plan": {"task": "payments.tasks.autopay_plan_task",
                     "schedule": crontab(minute=5)},
    "autopay-charge": {"task": "payments.tasks.autopay_charge_task",
                       "schedule": crontab(minute=35)},
    # The reading window, verification due, debts: what is due and not yet sent, each morning.
    "reminders": {
        "task": "support.tasks.send_reminders",
        "schedule": crontab(hour="9", minute="0"),
    },
    # After the billing system's monthly files have come in (the first days of the month).
    "paperless-receipts": {
        "task": "support.tasks.queue_paperless_receipts",
        "schedule": crontab(day_of_month="5", hour="10", minute="0"),
    },
}

# Without EMAIL_URL, mail goes to files under var/mail/ and to the console.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "vodokanal.mail.FileAndConsoleEmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Горводоканал <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Novosibirsk"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "RU"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are private (served through permission checks), never from a public URL.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything is served from our own origin: no CDN, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# The utility: shown in the header, on receipts and in the payment QR code.
UTILITY = {
    "NAME": env.str("UTILITY_NAME", default="МУП г. Новосибирска «Горводоканал»"),
    "SHORT_NAME": env.str("UTILITY_SHORT_NAME", default="Горводоканал"),
    "SUPPORT_PHONE": env.str("UTILITY_SUPPORT_PHONE", default="290-72-90"),
    "SUPPORT_PHONE_E164": env.str("UTILITY_SUPPORT_PHONE_E164", default="+73832907290"),
    "CITY": env.str("UTILITY_CITY", default="Новосибирск"),
}
# The payee on receipts and in their payment QR code (ГОСТ Р 56042-2014). The
# defaults are a demo's: production settings require every one of them.
UTILITY_BANK = {
    "PAYEE_NAME": env.str("UTILITY_PAYEE_NAME",
                          default="МУП г. Новосибирска «Горводоканал» (демо)"),
    "PAYEE_INN": env.str("UTILITY_PAYEE_INN", default="5400000000"),
    "PAYEE_KPP": env.str("UTILITY_PAYEE_KPP", default="540001001"),
    "ACCOUNT": env.str("UTILITY_BANK_ACCOUNT", default="40702810000000000000"),
    "BANK_NAME": env.str("UTILITY_BANK_NAME", default="Демо-банк"),
    "BIC": env.str("UTILITY_BANK_BIC", default="045000000"),
    "CORRESPONDENT_ACCOUNT": env.str("UTILITY_BANK_CORRESPONDENT_ACCOUNT",
                                     default="30101810000000000000"),
}
