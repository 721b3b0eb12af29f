"""What the command line prints when a command fails: one line, never a secret.

A known mistake (a bad argument, an unreachable database, a busy port) is raised as an
exception carrying the sentence to print; :func:`one_line` turns any failure into that
sentence. Anything unexpected gets its type and first line plus a hint to re-run with
``--debug`` for the traceback. SQLAlchemy's messages are cut before their ``[SQL:`` and
``[parameters:`` parts and PostgreSQL's before its ``DETAIL`` line, which echo row values
(a password hash among them).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

USAGE = 2  # the exit status argparse uses for a bad command line
FAILURE = 1

# Settings whose values must never be echoed back (a URL may hold a password).
SECRET_FIELDS = frozenset({"secret_key", "database_url"})
MAX_LINE = 300


class CliError(Exception):
    """A failure the user can fix, with the one sentence that says how."""

    def __init__(self, message: str, *, exit_code: int = FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def settings_problem(exc: ValidationError) -> str:
    """A pydantic-settings refusal as "VARIABLE: what is wrong", without secret values."""
    return "; ".join(_field_problem(error) for error in exc.errors())


def _field_problem(error: Any) -> str:
    # The location is the field's name or, for DATABASE_URL, the alias it was read from.
    field = str(error["loc"][0]).lower().removeprefix("dealdesk_") if error["loc"] else "setting"
    variable = "DATABASE_URL" if field == "database_url" else f"DEALDESK_{field.upper()}"
    message = str(error["msg"]).removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    shown = error.get("input")
    if field in SECRET_FIELDS or not isinstance(shown, str | int | float) or len(str(shown)) > 60:
        return f"{variable}: {message}"
    return f"{variable}={shown}: {message}"


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def unexpected(exc: BaseException) -> str:
    """One line for a failure nobody foresaw, safe to print."""
    from sqlalchemy.exc import StatementError

    if isinstance(exc, StatementError) and exc.orig is not None:
        detail = first_line(str(exc.orig))
    else:
        detail = first_line(str(exc))
    name = type(exc).__name__
    return f"{name}: {detail}" if detail else name
