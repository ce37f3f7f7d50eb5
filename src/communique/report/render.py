"""Jinja2 rendering of the reports (templates in report/templates/).

HTML templates are autoescaped, so article text can never inject markup;
Markdown templates escape the characters Markdown would read as syntax.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader

from communique.report.phrasing import nice_date

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: Any) -> str:
    """Return text with Markdown syntax characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def web_url(url: Any) -> str:
    """Return an http(s) address fit for a link, or "" (a javascript: URL never becomes one)."""
    text = str(url or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return ""
    return text.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def plural(count: int, word: str) -> str:
    """Return '1 article' or '3 articles'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Return the Jinja2 environment of the report templates."""
    env = Environment(loader=PackageLoader("communique.report", "templates"),
                      autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=md_escape, plural=plural, nice_date=nice_date, web_url=web_url)
    return env


def render(template: str, **context: Any) -> str:
    """Render one template with its context."""
    text = environment().get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text) if template.endswith(".md.j2") else text
