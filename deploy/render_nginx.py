#!/usr/bin/env python3
"""Write the nginx site for the register from deploy/nginx/belangenregister.conf.in.

    python3 deploy/render_nginx.py SERVER_NAME=register.voorbeeldstad.nl [NAME=value ...] [-o FILE]
    python3 deploy/render_nginx.py --env-file /etc/belangenregister/nginx.env -o /etc/nginx/sites-available/...

Values come from NAME=value arguments, then the --env-file (lines NAME=value, # comments), then the defaults
below. Every value is checked; a wrong or missing one stops with a message naming it, and nothing is written.
Only the Python standard library is used, so Debian's python3 runs it (no virtualenv needed).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx" / "belangenregister.conf.in"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")

DEFAULTS = {
    "SERVER_NAME": "",
    "APP_SERVERS": "127.0.0.1:8000",
    "APP_DIR": "/srv/belangenregister/app",
    "ERROR_PAGES_DIR": "/var/lib/belangenregister/error-pages",
    "CACHE_DIR": "/var/cache/nginx/belangenregister",
    "CACHE_MAX_SIZE": "1g",
    "TLS_CERTIFICATE": "/etc/ssl/belangenregister/fullchain.pem",
    "TLS_CERTIFICATE_KEY": "/etc/ssl/belangenregister/privkey.pem",
    "LISTEN_HTTP": "80 [::]:80",
    "LISTEN_HTTPS": "443 [::]:443",
    "ACCESS_LOG": "/var/log/nginx/belangenregister.access.log",
    "ACME_ROOT": "/var/www/letsencrypt",
    "LOGIN_RATE": "10r/m",
    "SIGNAL_RATE": "2r/m",
    "SEARCH_RATE": "2r/s",
    "SEARCH_BURST": "20",
    "API_RATE": "5r/s",
    "API_BURST": "20",
    "BROTLI": "auto",
}

HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
PORT = r"(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})"
ADDRESS = rf"(?:{HOST}|\d{{1,3}}(?:\.\d{{1,3}}){{3}}|\[[0-9A-Fa-f:.]+\])"
CHECKS = {
    "SERVER_NAME": (rf"{HOST}(?: {HOST})*", "een of meer hostnamen, gescheiden door spaties"),
    "APP_SERVERS": (rf"(?:{ADDRESS}:{PORT}|unix:/\S+)(?: (?:{ADDRESS}:{PORT}|unix:/\S+))*",
                    "adres:poort (of unix:/pad), meerdere gescheiden door spaties"),
    "CACHE_MAX_SIZE": (r"[1-9]\d*[kKmMgG]?", "een grootte zoals 500m of 1g"),
    "LISTEN_HTTP": (rf"(?:{ADDRESS}:)?{PORT}(?: (?:{ADDRESS}:)?{PORT})*", "poorten of adres:poort"),
    "LISTEN_HTTPS": (rf"(?:{ADDRESS}:)?{PORT}(?: (?:{ADDRESS}:)?{PORT})*", "poorten of adres:poort"),
    "LOGIN_RATE": (r"[1-9]\d*r/[sm]", "een snelheid zoals 10r/m of 2r/s"),
    "SIGNAL_RATE": (r"[1-9]\d*r/[sm]", "een snelheid zoals 2r/m"),
    "SEARCH_RATE": (r"[1-9]\d*r/[sm]", "een snelheid zoals 2r/s"),
    "API_RATE": (r"[1-9]\d*r/[sm]", "een snelheid zoals 5r/s"),
    "SEARCH_BURST": (r"[1-9]\d{0,3}", "een geheel getal van 1 tot 9999"),
    "API_BURST": (r"[1-9]\d{0,3}", "een geheel getal van 1 tot 9999"),
    "BROTLI": (r"auto|on|off", "auto, on of off"),
}
PATHS = ("APP_DIR", "ERROR_PAGES_DIR", "CACHE_DIR", "TLS_CERTIFICATE", "TLS_CERTIFICATE_KEY", "ACCESS_LOG",
         "ACME_ROOT")


class SettingError(Exception):
    pass


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise SettingError(f"{path}, regel {number}: verwacht NAAM=waarde, niet {line!r}")
        values[name.strip()] = value.strip().strip('"').strip("'")
    return values


def check(values: dict[str, str]) -> list[str]:
    """Every problem with the values, in Dutch, each naming the setting."""
    problems = [f"onbekende instelling {name} (bekend: {', '.join(DEFAULTS)})" for name in values
                if name not in DEFAULTS]
    for name, (pattern, meaning) in CHECKS.items():
        if not re.fullmatch(pattern, values.get(name, "")):
            problems.append(f"{name}={values.get(name, '')!r} is ongeldig: verwacht {meaning}")
    for name in PATHS:
        if not values.get(name, "").startswith("/") or re.search(r"[\s;{}'\"]", values[name]):
            problems.append(f"{name}={values.get(name, '')!r} is ongeldig: verwacht een absoluut pad zonder spaties")
    if not problems:
        problems += check_files(values)
    return problems


def check_files(values: dict[str, str]) -> list[str]:
    problems = []
    if not (Path(values["APP_DIR"]) / "static").is_dir():
        problems.append(f"APP_DIR={values['APP_DIR']}: daarin staat geen map static/ (de code van het register)")
    for lang in ("nl", "en"):
        if not (Path(values["ERROR_PAGES_DIR"]) / lang / "429.html").is_file():
            problems.append(f"ERROR_PAGES_DIR={values['ERROR_PAGES_DIR']}: {lang}/429.html ontbreekt; maak de "
                            f"pagina's eerst met `flask error-pages {values['ERROR_PAGES_DIR']}`")
            break
    if values["BROTLI"] == "on" and not BROTLI_MODULE.exists():
        problems.append("BROTLI=on, maar de nginx-module ontbreekt: apt-get install libnginx-mod-http-brotli-filter")
    return problems


def render(values: dict[str, str]) -> str:
    brotli = values["BROTLI"] == "on" or (values["BROTLI"] == "auto" and BROTLI_MODULE.exists())
    replacements = {
        "UPSTREAM_SERVERS": "\n".join(f"    server {server} max_fails=3 fail_timeout=10s;"
                                      for server in values["APP_SERVERS"].split()),
        "LISTEN_HTTP": "\n".join(f"    listen {spec};" for spec in values["LISTEN_HTTP"].split()),
        "LISTEN_HTTPS": "\n".join(f"    listen {spec} ssl http2;" for spec in values["LISTEN_HTTPS"].split()),
        "BROTLI": ("    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 1024;\n"
                   "    brotli_types text/css application/javascript application/json text/csv "
                   "application/atom+xml application/xml image/svg+xml text/plain;") if brotli else
                  "    # brotli: not available (apt-get install libnginx-mod-http-brotli-filter, then render again)",
        "BROTLI_OFF": "brotli off;" if brotli else "",
    }
    text = TEMPLATE.read_text()
    for name in set(re.findall(r"@@([A-Z_]+)@@", text)):
        text = text.replace(f"@@{name}@@", replacements.get(name, values.get(name, "")))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("settings", nargs="*", metavar="NAME=value")
    parser.add_argument("--env-file", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    try:
        values = dict(DEFAULTS, **(read_env_file(args.env_file) if args.env_file else {}))
        for setting in args.settings:
            name, sep, value = setting.partition("=")
            if not sep:
                raise SettingError(f"verwacht NAAM=waarde, niet {setting!r}")
            values[name] = value
    except (OSError, SettingError) as error:
        print(f"render_nginx: {error}", file=sys.stderr)
        return 2
    problems = check(values)
    if problems:
        print("render_nginx: niets geschreven, want:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 2
    text = render(values)
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
