"""Fingerprinted static URLs: url_for('static', filename=...) adds ?v=<hash of the file's content>.

A changed file gets a new address, so a proxy or browser may keep a static file for a year (deploy/nginx does:
`Cache-Control: immutable` for requests with ?v=) without anyone ever seeing an old stylesheet after an update.
The hash is computed once per file and kept while the file's size and modification time stay the same.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask

VERSION_ARG = "v"


@lru_cache(maxsize=256)
def _content_hash(path: str, _size: int, _mtime_ns: int) -> str:
    """The first 12 hex digits of the file's SHA-256 (size and mtime are only part of the cache key)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()[:12]


def file_version(static_folder: str, filename: str) -> str | None:
    """The version of a file under the static folder, or None when it is missing or outside the folder."""
    root = Path(static_folder).resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    stat = path.stat()
    return _content_hash(str(path), stat.st_size, stat.st_mtime_ns)


def init_static_urls(app: Flask) -> None:
    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or VERSION_ARG in values or not app.static_folder:
            return
        version = file_version(app.static_folder, values.get("filename", ""))
        if version:
            values[VERSION_ARG] = version
