"""A content body's Markdown as safe HTML: markdown-it-py (CommonMark plus tables) renders,
nh3 (ammonia) keeps only harmless tags and attributes, so script, event handlers, iframes,
styles and ``javascript:`` links in the Markdown never reach a reader."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def safe_html(markdown: str) -> str:
    """``markdown`` rendered and sanitised."""
    rendered = _renderer().render(markdown)
    return nh3.clean(rendered, link_rel="noopener noreferrer nofollow")
