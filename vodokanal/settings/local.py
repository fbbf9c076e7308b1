"""`make run`: a developer's machine with nothing but Python installed."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for the local site; production.py requires a real one from the environment.
SECRET_KEY = env.str("SECRET_KEY", default="local-development-key-not-for-production")

# The mail folder lives here; a fresh clone does not have it yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)
