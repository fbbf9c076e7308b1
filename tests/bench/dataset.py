"""The benchmark database: a synthetic city per scale, built once and kept.

It is built under a temporary name and renamed when complete, so an interrupted
build is never mistaken for a finished one.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from tests.production_env import PRODUCTION_REQUIRED, ROOT


def database_name(accounts: int) -> str:
    return f"vodokanal_bench_{accounts}"


def database_url(server: str, name: str) -> str:
    return f"{server.rstrip('/')}/{name}"


def dataset_prepare(*, server: str, accounts: int, months: int, rebuild: bool,
                    environment: dict) -> str:
    """The URL of a database holding the city; built first when missing (or asked to)."""
    name = database_name(accounts)
    building = f"{name}_building"
    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as admin:
        if rebuild:
            _drop(admin, name)
        if _exists(admin, name):
            url = database_url(server, name)
            # A city built before a schema change follows it (a no-op when current).
            _manage({**environment, "DATABASE_URL": url}, "migrate", "--noinput", "-v0")
            _vacuum(url)
            return url
        _drop(admin, building)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
    print(f"Building the synthetic city: {accounts} accounts, {months} months "
          f"(once; kept as {name}) …", flush=True)
    build_env = {**environment, "DATABASE_URL": database_url(server, building)}
    _manage(build_env, "migrate", "--noinput", "-v0")
    _manage(build_env, "shell", "-c", "from tests.bench.city import city_build_and_say; "
            f"city_build_and_say({accounts:d}, {months:d})")
    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(building), sql.Identifier(name)))
    return database_url(server, name)


# What a run writes and rolls back (or deletes) leaves dead rows behind, and a server may
# run without autovacuum (this machine's does): each run starts from a vacuumed city.
WRITTEN_BY_A_RUN = ("billing_charge", "billing_monthlybalance", "billing_paymentreceived",
                    "accounts_personalaccount", "support_notificationchoice", "billing_tariff",
                    "meters_reading", "support_notice", "django_session",
                    "vodokanal_auditentry")


def _vacuum(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as city:
        city.execute(sql.SQL("VACUUM (ANALYZE) {}").format(
            sql.SQL(", ").join(sql.Identifier(table) for table in WRITTEN_BY_A_RUN)))


def _exists(admin, name: str) -> bool:
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() \
        is not None


def _drop(admin, name: str) -> None:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(name)))


def _manage(environment: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                   check=True)


def environment_for_bench(*, redis_url: str, var_dir: Path) -> dict:
    """Production settings (tests/bench/settings.py) on this machine's services."""
    return {
        **os.environ,
        **PRODUCTION_REQUIRED,
        # bin/web runs the venv's python and gunicorn.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "https://127.0.0.1",
        "REDIS_URL": redis_url,
        "EMAIL_URL": "dummymail://",
        "VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "MEDIA_ROOT": str(var_dir / "media"),
        "LOG_LEVEL": "WARNING",
    }
