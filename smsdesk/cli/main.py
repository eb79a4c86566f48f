"""Entry point of ``smsdesk-cli``: global options, then one subcommand per domain module.

Each module in ``COMMAND_MODULES`` has ``register(subparsers)``, which adds its commands and
sets ``handler=function(ctx) -> int`` on each parser.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from smsdesk import __version__
from smsdesk.cli.context import CommandContext, add_database_options
from smsdesk.core.errors import SMSDeskError

COMMAND_MODULES: tuple[str, ...] = (
    "smsdesk.cli.database_commands",
    "smsdesk.cli.demo_commands",
    "smsdesk.cli.check_commands",
    "smsdesk.cli.review_commands",
    "smsdesk.cli.consent_commands",
    "smsdesk.cli.sending_commands",
    "smsdesk.cli.provider_commands",
    "smsdesk.cli.campaign_commands",
    "smsdesk.cli.contacts_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smsdesk-cli",
        description="SMSDesk from the command line: contacts, consent, templates, sending.",
    )
    parser.add_argument("--version", action="version", version=f"SMSDesk {__version__}")
    add_database_options(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx = CommandContext(args)
    try:
        return int(args.handler(ctx) or 0)
    except SMSDeskError as exc:
        ctx.err(f"smsdesk-cli: {exc}")
        return 2 if exc.code in ("configuration", "database") else 1
    except KeyboardInterrupt:
        ctx.err("smsdesk-cli: interrupted")
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
