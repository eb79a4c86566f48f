"""The contact table at a million contacts: first paint, search and filter changes.

    QT_QPA_PLATFORM=offscreen python benchmarks/contacts_table.py --contacts 1000000

"First paint": from creating the page to the table's first paint with rows (the page shown
and loaded). "Search"/"filter": from applying a new filter to the next paint of its first
rows; the exact count arrives later from a background query and is timed separately.
Targets from the issue: first paint under 300 ms, search or filter under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.contacts_book import book  # noqa: E402
from smsdesk.core.contacts.segments import ContactFilter  # noqa: E402
from smsdesk.core.db.engine import open_database, sqlite_url  # noqa: E402


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def wait_paint(app: QApplication, watch: PaintWatch) -> None:
    watch.painted = False
    while not watch.painted:
        app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = book(args.contacts)
    os.environ.setdefault("SMSDESK_HOME", str(Path(path).parent / "home"))
    app = QApplication([])
    from smsdesk.ui.app_context import AppContext
    from smsdesk.ui.contacts.contacts_page import ContactsPage

    db = open_database(sqlite_url(path))
    ctx = AppContext(db)
    print(f"book: {args.contacts:,} contacts; cpus {os.cpu_count()}; load {os.getloadavg()[0]:.2f}")
    first: list[float] = []
    for _ in range(args.repeat):
        watch = PaintWatch()
        started = time.perf_counter()
        page = ContactsPage(ctx)
        page.resize(1200, 700)
        page.table.viewport().installEventFilter(watch)
        page.show()
        page.ensure_loaded()
        wait_paint(app, watch)
        first.append(time.perf_counter() - started)
        counted = time.perf_counter()
        while page.model.total is None:
            app.processEvents()
        count_ms = (time.perf_counter() - counted) * 1000
        ctx.tasks.wait_all()
        page.close()
        page.deleteLater()
        app.processEvents()
    print(
        f"first paint: median {statistics.median(first) * 1000:.0f} ms, "
        f"worst {max(first) * 1000:.0f} ms (exact count {count_ms:.0f} ms later)"
    )
    page = ContactsPage(ctx)
    page.resize(1200, 700)
    watch = PaintWatch()
    page.table.viewport().installEventFilter(watch)
    page.show()
    page.ensure_loaded()
    wait_paint(app, watch)
    while page.model.total is None:
        app.processEvents()
    with db.session() as session:
        from sqlalchemy import select

        from smsdesk.core.db.models import Contact

        name, e164 = session.execute(
            select(Contact.name, Contact.e164).order_by(Contact.id.desc()).limit(1)
        ).one()
    cases = {
        "search number fragment": ContactFilter(search=e164[-6:]),
        "search whole number": ContactFilter(search=e164[3:]),
        "search name": ContactFilter(search=name[:2]),
        "filter tier": ContactFilter(tiers=("loyal",)),
        "filter tag": ContactFilter(tags=("VIP",)),
        "filter province + consent": ContactFilter(
            provinces=("广东",), consent_scopes=("marketing",)
        ),
        "filter opted out": ContactFilter(opted_out=True),
    }
    for label, flt in cases.items():
        shown: list[float] = []
        counts: list[float] = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            page.model.set_filter(flt)
            wait_paint(app, watch)
            shown.append(time.perf_counter() - started)
            while page.model.total is None:
                app.processEvents()
            counts.append(time.perf_counter() - started)
            ctx.tasks.wait_all()
        print(
            f"{label:28s} first rows {statistics.median(shown) * 1000:6.0f} ms, "
            f"count {statistics.median(counts) * 1000:6.0f} ms ({page.model.total:,} matches)"
        )
    db.close()


if __name__ == "__main__":
    main()
