"""Writing the append-only audit log."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.audit import AuditEvent

# Never copied into the log, whatever the entity.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash"})


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def snapshot(row: object) -> dict[str, Any]:
    """The row's column values as JSON, for the before/after of an audit event."""
    mapper = inspect(row).mapper
    return {
        column.key: _json_value(getattr(row, column.key))
        for column in mapper.column_attrs
        if column.key not in SECRET_COLUMNS
    }


def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request_id: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
        request_id=request_id,
    )
    session.add(event)
    return event
