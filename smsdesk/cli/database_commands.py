"""`smsdesk-cli db ...`: where the database is and which schema revision it has."""

from __future__ import annotations

import argparse
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.db import migrate


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "db", help="database location and schema version"
    )
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION")
    actions.required = True
    info = actions.add_parser("info", help="show the database and its schema revision")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_info)
    upgrade = actions.add_parser("upgrade", help="bring the schema to this version's head")
    upgrade.set_defaults(handler=_upgrade)


def _info(ctx: CommandContext) -> int:
    db = ctx.db
    result = {
        "database": db.description,
        "revision": migrate.current_revision(db.engine),
        "head": migrate.head_revision(),
    }
    if ctx.args.json:
        ctx.print_json(result)
    else:
        for key, value in result.items():
            ctx.out(f"{key}: {value}")
    return 0


def _upgrade(ctx: CommandContext) -> int:
    ctx.out(f"{ctx.db.description} is at revision {migrate.current_revision(ctx.db.engine)}")
    return 0
