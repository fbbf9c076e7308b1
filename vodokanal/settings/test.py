"""pytest: real PostgreSQL and Redis on localhost unless told otherwise."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database, env

SECRET_KEY = "test-key-not-for-production"  # noqa: S105
DATABASES = {
    "default": database(env.str("DATABASE_URL",
                                default="postgres://postgres@localhost:5432/vodokanal")),
}
REDIS_URL = env.str("REDIS_URL", default="redis://localhost:6379/1")
# Each run its own keys (the processes it starts are given the same prefix): two runs on
# one machine share the Redis, never a key or a queue.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default=f"vodokanal-test-{os.getpid()}")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_KEY_PREFIX,
    }
}
# Unit tests run tasks in-process; integration tests start a real worker on this broker.
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600,
                                   "global_keyprefix": f"{REDIS_KEY_PREFIX}:"}
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hashing is the slowest part of a login; tests of the hasher itself opt back in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders, as runserver does, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Uploaded and generated files of tests stay out of the working tree.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "vodokanal-test-media"

# Web Push on, with a pair for tests only (the tests' push service checks the signature).
WEB_PUSH_VAPID_PRIVATE_KEY = "-9n864_PDGIsxYQubOFIposTIl6jxzUOUZRy1NSqo10"
WEB_PUSH_VAPID_PUBLIC_KEY = ("BBgnxrswyGvBdQWiHddVYxzDLXuYYA-YGOohoa-9EwYzUrZ4himvOjGeGulPjBF6"
                             "Mvk6qRmTkllANX7aodrQc8I")
WEB_PUSH_LOOPBACK_SERVICE = True
