"""A browser's push service on loopback, for the tests: it records what it is sent, and
answers each path as told (a status, a redirect, or only after a while)."""

import base64
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class _PushService(BaseHTTPRequestHandler):
    received: list  # (method, path, headers, body)
    answers: dict  # path: a status, ("redirect", location) or ("slow", seconds)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer("POST", body)

    def do_GET(self):
        self._answer("GET", b"")

    def _answer(self, method: str, body: bytes):
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.received.append((method, self.path, headers, body))
        answer = self.answers.get(self.path, 201)
        if isinstance(answer, tuple) and answer[0] == "slow":
            time.sleep(answer[1])
            answer = 201
        if isinstance(answer, tuple):
            self.send_response(303)
            self.send_header("Location", answer[1])
        else:
            self.send_response(answer)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    """(its URL, its handler class: .received and .answers)."""
    handler = type("Handler", (_PushService,), {"received": [], "answers": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", handler
    server.shutdown()


def browser_keys() -> tuple:
    """A browser's push keys: (private key, p256dh, auth secret, auth)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
    auth = os.urandom(16)
    return private, b64(public), auth, b64(auth)
