"""Loopback ports for the servers that tests and the benchmark start (gunicorn, SMTP
sinks, fakes of third parties)."""

import socket

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now; the server started next binds it."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]
