"""Helpers shared by the test files: the lazy World builder, logged-in clients, a page as a reader sees it, a form's
hidden values and a free port. One copy here; test files import them instead of writing their own."""
from __future__ import annotations

import html
import re
import socket

from tests.factories import PASSWORD


class World(dict):
    """Test people and objects built on first use: each account costs an argon2 hash, so build only what a test
    needs. `World({"body": lambda w: make_body(), "group": lambda w: make_group(w["body"])})["group"]`."""

    def __init__(self, builders):
        super().__init__()
        self._builders = builders

    def __missing__(self, key):
        self[key] = self._builders[key](self)
        return self[key]


def client_as(app, user, password: str = PASSWORD):
    """A separate test client logged in through the real login form, so a test can act as several people."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, "login failed"
    return client


def page_text(response) -> str:
    """The page as a reader sees it (entities such as &#39; unescaped)."""
    return html.unescape(response.get_data(as_text=True))


def hidden(page: str, name: str, occurrence: int = 0) -> str:
    """The value of a hidden input (the version a form is based on), as the browser would post it."""
    inputs = re.findall(rf'<input [^>]*name="{name}"[^>]*>', page)
    assert len(inputs) > occurrence, f"the form carries {name}"
    return re.search(r'value="([^"]*)"', inputs[occurrence]).group(1)


def free_port() -> int:
    """A TCP port nobody listens on now (for a test's own SMTP or HTTP server; parallel workers each get their own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
