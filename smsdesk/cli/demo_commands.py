"""`smsdesk-cli demo`: fill a database with realistic fictional data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.demo.generator import DEMO_CONTACTS, generate
from smsdesk.core.progress import Progress


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo", help="fill the database with fictional demo contacts, consent and templates"
    )
    parser.add_argument(
        "--contacts",
        type=int,
        default=DEMO_CONTACTS,
        metavar="N",
        help=f"number of contacts to create (default {DEMO_CONTACTS})",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    parser.add_argument(
        "--history",
        action="store_true",
        help="also add a finished campaign from three days ago, with replies",
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=_demo)


def _demo(ctx: CommandContext) -> int:
    if ctx.args.contacts < 1:
        ctx.err("smsdesk-cli demo: --contacts must be at least 1")
        return 2
    started = time.perf_counter()
    progress = Progress(on_update=_print_progress) if sys.stderr.isatty() else None
    summary = generate(
        ctx.db,
        contacts=ctx.args.contacts,
        seed=ctx.args.seed,
        progress=progress,
        with_history=ctx.args.history,
    )
    seconds = round(time.perf_counter() - started, 2)
    if ctx.args.json:
        ctx.print_json({**summary.__dict__, "seconds": seconds})
    else:
        ctx.out(
            f"{summary.contacts} contacts, {summary.consent_records} consent records, "
            f"{summary.opt_outs} opt-outs, {summary.templates} templates in {seconds} s "
            f"→ {ctx.db.description}"
        )
    return 0


def _print_progress(done: int, total: int, _note: str) -> None:
    print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
