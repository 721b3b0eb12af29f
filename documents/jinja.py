"""The house's Jinja2 settings: one environment shape for the quote page and the mail."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def template_environment(package: str, *, autoescape: bool) -> Environment:
    """The templates in ``package``'s ``templates`` folder, with autoescape as asked.

    ``StrictUndefined`` turns a misspelt template variable into an error in the tests
    instead of a silently blank cell in a customer's document. Build it once (``cache``):
    it is immutable after setup.
    """
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
