"""Every ``extensions.code`` the server can send is a value of the published ``ApiErrorCode``.

The codes are written in many places (the error classes, the error-coding extension, the
HTTP edge, the auth backend, the document downloads, the share links), so the test reads
the source: every string that reaches an error's ``code`` (a ``"code"`` key of a dict, an
assignment to ``code``/``CODE``, the code argument of the helpers that build error bodies)
must be an ``ApiErrorCode`` value, and every value must be sent somewhere (the enum
documents what a client can meet, no more, no less). The same for the ``reason`` of a
refused token and ``UnauthenticatedReason``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from graphql import GraphQLEnumType, build_schema

from schema.errors import ApiErrorCode, UnauthenticatedReason

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("schema", "server", "resolvers", "services")
SDL = ROOT / "schema" / "schema.graphql"

CODE_ARGUMENT = {
    "_with_code": 1,
    "error_response": 2,
    "_error": 1,
    "ShareTokenError": 0,
    "DownloadRefused": 1,
    "LinkRefused": 1,
    "PersistedQueryRefused": 0,
}
"""Helpers taking a code as a positional argument: name -> position."""
REASON_ARGUMENT = {"TokenRefused": 1}
"""Where a refused token's ``reason`` is given: name -> position."""


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _constants(module: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` (or ``= ApiErrorCode.X.value``)."""
    found: dict[str, str] = {}
    for node in module.body:
        if isinstance(node, ast.Assign):
            for text in _texts(node.value, {}):
                found.update({t.id: text for t in node.targets if isinstance(t, ast.Name)})
    return found


def _texts(expr: ast.expr | None, constants: dict[str, str]) -> Iterator[str]:
    """The codes an expression can stand for: literals, module constants,
    ``ApiErrorCode.X.value``, either branch of a conditional."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield expr.value
    elif isinstance(expr, ast.Name) and expr.id in constants:
        yield constants[expr.id]
    elif isinstance(expr, ast.IfExp):
        yield from _texts(expr.body, constants)
        yield from _texts(expr.orelse, constants)
    elif (
        isinstance(expr, ast.Attribute)
        and expr.attr == "value"
        and isinstance(expr.value, ast.Attribute)
        and isinstance(expr.value.value, ast.Name)
        and expr.value.value.id in {"ApiErrorCode", "UnauthenticatedReason"}
    ):
        yield expr.value.attr


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _sent(arguments: dict[str, int], *, keys: tuple[str, ...]) -> dict[str, set[str]]:
    """Every text reaching a ``keys`` entry of a dict, an assignment to one of ``keys``
    (any case), or a helper's argument: text -> where."""
    found: dict[str, set[str]] = {}
    for path, module in _modules():
        constants = _constants(module)
        where = str(path.relative_to(ROOT))
        for node in ast.walk(module):
            exprs: list[ast.expr | None] = []
            if isinstance(node, ast.Dict):
                exprs += [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value in keys
                ]
            elif isinstance(node, ast.Assign):
                names = [
                    t.id if isinstance(t, ast.Name) else getattr(t, "attr", "")
                    for t in node.targets
                ]
                if any(n.lower() in keys for n in names):
                    exprs.append(node.value)
            elif (
                isinstance(node, ast.Call)
                and (position := arguments.get(_called(node) or "")) is not None
                and len(node.args) > position
            ):
                exprs.append(node.args[position])
            for expr in exprs:
                for text in _texts(expr, constants):
                    found.setdefault(text, set()).add(where)
    return found


def test_every_code_the_server_sends_is_an_api_error_code_and_every_value_is_sent() -> None:
    sent = _sent(CODE_ARGUMENT, keys=("code",))
    declared = {c.value for c in ApiErrorCode}
    unknown = {code: sorted(where) for code, where in sent.items() if code not in declared}
    assert not unknown, f"codes sent but missing from ApiErrorCode: {unknown}"
    assert declared <= set(sent), f"ApiErrorCode values never sent: {declared - set(sent)}"


def test_the_scan_sees_the_codes_of_every_layer() -> None:
    """The scan is not blind: codes from the edge, the auth backend, the share links
    and the limits are all found where they are written."""
    sent = _sent(CODE_ARGUMENT, keys=("code",))
    assert "server/middleware.py" in sent["PAYLOAD_TOO_LARGE"]
    assert "server/deadline.py" in sent["TIMEOUT"]
    assert "server/auth.py" in sent["UNAUTHENTICATED"]
    assert "services/quotes/sharing.py" in sent["SUPERSEDED"]
    assert "schema/operation_name.py" in sent["OPERATION_RESOLUTION_FAILURE"]
    assert "server/graphql_view.py" in sent["BAD_REQUEST"]


def test_every_token_refusal_reason_is_an_unauthenticated_reason() -> None:
    sent = _sent(REASON_ARGUMENT, keys=("reason",))
    reasons = {r.value for r in UnauthenticatedReason}
    refused = {r: w for r, w in sent.items() if any(p.startswith("server/auth") for p in w)}
    assert set(refused) == reasons


def test_the_sdl_publishes_both_enums_with_every_value_described() -> None:
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    for enum in (ApiErrorCode, UnauthenticatedReason):
        published = schema.get_type(enum.__name__)
        assert isinstance(published, GraphQLEnumType)
        assert published.description
        assert set(published.values) == {v.value for v in enum}
        assert all(value.description for value in published.values.values())
