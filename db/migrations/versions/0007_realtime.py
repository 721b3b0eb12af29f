"""users: NOTIFY when a user is deactivated, reactivated or deleted, or the table emptied

Revision ID: 0007_realtime
Revises: 0006_approvals

Every server process caches "is this user active" and ends a deactivated user's
WebSocket connections when it hears of the change. A trigger, rather than the
``deactivateUser`` mutation, sends the event, so a deactivation made any other
way (the CLI, an administrator's SQL during an incident) takes effect too.
The payload names keys only (``db.events``: under 8,000 bytes), and users change
rarely, so the commit-time lock a NOTIFY takes costs nothing here.
"""

from alembic import op

revision = '0007_realtime'
down_revision = '0006_approvals'

NOTIFY_USER_CHANGE = """
CREATE FUNCTION notify_user_active_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('dealdesk_events', json_build_object('topic', 'user', 'id', OLD.id, 'active', false)::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('dealdesk_events', json_build_object('topic', 'user', 'id', NEW.id, 'active', NEW.active)::text);
    RETURN NEW;
END $$;
"""


NOTIFY_USERS_TRUNCATED = """
CREATE FUNCTION notify_users_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dealdesk_events', json_build_object('topic', 'user', 'id', NULL)::text);
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    op.execute(NOTIFY_USER_CHANGE)
    op.execute(
        "CREATE TRIGGER users_notify_active_change AFTER UPDATE OF active ON users "
        "FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) "
        "EXECUTE FUNCTION notify_user_active_change()"
    )
    op.execute(
        "CREATE TRIGGER users_notify_delete AFTER DELETE ON users "
        "FOR EACH ROW EXECUTE FUNCTION notify_user_active_change()"
    )
    # TRUNCATE fires no row triggers; an event without an id means "every user may have changed".
    op.execute(NOTIFY_USERS_TRUNCATED)
    op.execute(
        "CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON users "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_users_truncated()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER users_notify_truncate ON users")
    op.execute("DROP FUNCTION notify_users_truncated()")
    op.execute("DROP TRIGGER users_notify_delete ON users")
    op.execute("DROP TRIGGER users_notify_active_change ON users")
    op.execute("DROP FUNCTION notify_user_active_change()")
