"""Schema migrations with alembic, run programmatically at start-up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy import Engine

from smsdesk.core.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_pending(engine: Engine) -> bool:
    """Whether an existing database needs upgrading (a new, empty one does not count: it is
    created in a moment)."""
    current = current_revision(engine)
    return current is not None and current != head_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Upgrade in place; refuse a database written by a newer SMSDesk."""
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None and not _known(script, current):
        raise DatabaseError(
            "This database was made by a newer version of SMSDesk; please update the app.",
            revision=current,
        )
    command.upgrade(alembic_config(engine), revision)


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False
