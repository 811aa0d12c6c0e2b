"""Plain text of a statement to safe HTML: no HTML goes in, every character is escaped on the way out.

The format is what a griffie types in a text box: a blank line starts a new paragraph, a line "# Kop" is a heading,
lines starting with "- " form a list, and web addresses and e-mail addresses become links.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

LINK = re.compile(r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)])|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def looks_like_html(text: str) -> bool:
    """Whether the text holds an HTML tag (the form refuses it: the text is shown as typed, tags and all)."""
    return bool(HTML_TAG.search(text))


def _inline(line: str) -> Markup:
    """One line, escaped, with its web and e-mail addresses as links."""
    parts, position = [], 0
    for match in LINK.finditer(line):
        parts.append(escape(line[position:match.start()]))
        target = match.group("url") or "mailto:" + match.group("email")
        parts.append(Markup('<a href="{}">{}</a>').format(target, match.group(0)))
        position = match.end()
    parts.append(escape(line[position:]))
    return Markup("").join(parts)


def _runs(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Consecutive lines of one sort: ("h", ["Kop"]), ("li", [...]) or ("p", [...])."""
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        sort, content = ("h", line[2:]) if line.startswith("# ") else ("li", line[2:]) if line.startswith("- ") \
            else ("p", line)
        if runs and runs[-1][0] == sort and sort != "h":
            runs[-1][1].append(content)
        else:
            runs.append((sort, [content]))
    return runs


def to_html(text: str, heading_level: int = 2) -> Markup:
    """The statement as paragraphs, headings (at heading_level) and lists."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        for sort, lines in _runs([line.strip() for line in block.split("\n") if line.strip()]):
            if sort == "h":
                html.append(Markup("<h{0}>{1}</h{0}>").format(heading_level, _inline(lines[0].strip())))
            elif sort == "li":
                html.append(Markup("<ul>{}</ul>").format(Markup("").join(
                    Markup("<li>{}</li>").format(_inline(line)) for line in lines)))
            else:
                html.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(_inline(line) for line in lines)))
    return Markup("\n").join(html)
