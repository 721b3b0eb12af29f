"""Every model, imported so ``Base.metadata`` knows all tables (Alembic autogenerate, tests)."""

from db.models.accounts import Account
from db.models.audit import AuditEvent
from db.models.auth import RefreshToken
from db.models.idempotency import IdempotencyKey
from db.models.users import Role, User

__all__ = ["Account", "AuditEvent", "IdempotencyKey", "RefreshToken", "Role", "User"]
