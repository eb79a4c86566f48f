"""Merging the staged rows into the contact book: set-based SQL in one transaction.

Order matters and is fixed: contacts already in the book are updated (or skipped) by the
duplicate policy first, then new contacts are inserted in file order, then later occurrences
of a number in the file are applied one round at a time (so each sees the one before), then
tags, opt-outs, consent records and tiers. The caller commits or rolls back the whole.

In staging, NULL means "the file has no value here": an empty cell never erases book data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Index, Table

from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.import_staging import BASE_COLUMNS, OPTIONAL_COLUMNS
from smsdesk.core.db.models import Contact

# Every staged column's kind (for typed NULLs when a file lacks the column).
STAGED_KINDS: dict[str, str] = dict(BASE_COLUMNS) | {
    name: kind for group in OPTIONAL_COLUMNS.values() for name, kind in group
}

# Imports bigger than this (and bigger than the book) rebuild the secondary indexes once
# instead of updating them per row: about twice as fast at a million rows.
REBUILD_INDEXES_ABOVE = 20_000


@dataclass
class MergeCounts:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    merged: int = 0
    tags_added: int = 0
    opt_outs_added: int = 0
    purchases_added: int = 0
    extra: dict[str, int] = field(default_factory=dict)


class Merger:
    """SQL over ``import_rows`` for one import; ``columns`` are the staged column names."""

    def __init__(
        self,
        sql: BulkSQL,
        *,
        columns: list[str],
        policy: str,
        source: str,
        now: datetime,
    ) -> None:
        self.sql = sql
        self.has = set(columns).__contains__
        self.policy = policy
        self.source = source
        self.now = sql.datetime(now)
        self.counts = MergeCounts()
        self.max_before = 0
        self.book_before = 0
        self.repeats = True  # whether a number may appear on several staged rows
        # True when new contacts got ids max_before + seq (checked): joins can skip e164.
        self.ids_follow_seq = False
        # Batch by batch (``begin_batches``/``merge_batch``/``finish_batches``): the running
        # count of staged first occurrences the book already had, and the index plan.
        self.matched = 0
        self.rebuild = False
        self._indexes: list[Index] = []
        self.tags_in_steps = False  # only contacts new in this import get tags, per step

    def s(self, column: str, default: str = "NULL") -> str:
        """The staged column, or ``default`` when the file does not have it (a NULL typed as
        the column on PostgreSQL, which refuses an untyped NULL in a typed slot)."""
        if self.has(column):
            return f"s.{column}"
        return self.sql.typed_null(STAGED_KINDS.get(column)) if default == "NULL" else default

    def _absent(self, column: str, default: str = "NULL") -> str:
        """A column treated as missing from the file (purchase history fills it later)."""
        return self.sql.typed_null(STAGED_KINDS.get(column)) if default == "NULL" else default

    def lock_and_measure(self) -> None:
        """Take the write lock first (SQLite), so nothing changes between measuring the
        book and merging into it."""
        if self.sql.is_sqlite:
            self.sql.run("DELETE FROM contacts WHERE 1 = 0")
        else:
            self.sql.run("LOCK TABLE contacts IN SHARE ROW EXCLUSIVE MODE")
        self.max_before = int(self.sql.scalar("SELECT COALESCE(MAX(id), 0) FROM contacts"))
        self.book_before = int(self.sql.scalar("SELECT COUNT(*) FROM contacts"))

    # Contacts ------------------------------------------------------------------------------

    def _assignments(self) -> list[tuple[str, str]]:
        """(column, new value) for a book contact the file also has, by policy."""
        s = self.s
        sql = self.sql
        pairs: list[tuple[str, str]] = []
        last = s("last_purchase_at")
        if self.policy == "update":
            if self.has("name"):
                pairs.append(("name", "COALESCE(s.name, contacts.name)"))
            if self.has("birthday"):
                pairs.append(
                    (
                        "birthday",
                        "CASE WHEN s.birthday_md IS NOT NULL THEN s.birthday"
                        " ELSE contacts.birthday END",
                    )
                )
                pairs.append(("birthday_md", "COALESCE(s.birthday_md, contacts.birthday_md)"))
            if self.has("notes"):
                pairs.append(("notes", "COALESCE(s.notes, contacts.notes)"))
            if self.has("first_purchase_at") or self.has("last_purchase_at"):
                first = f"COALESCE({s('first_purchase_at')}, contacts.first_purchase_at, {last})"
                pairs.append(
                    (
                        "first_purchase_at",
                        _not_after(first, f"COALESCE({last}, contacts.last_purchase_at)"),
                    )
                )
            if self.has("last_purchase_at"):
                pairs.append(("last_purchase_at", f"COALESCE({last}, contacts.last_purchase_at)"))
            if self.has("purchase_count") or self.has("last_purchase_at"):
                pairs.append(
                    (
                        "purchase_count",
                        f"COALESCE({s('purchase_count')}, CASE WHEN contacts.purchase_count = 0"
                        f" AND {last} IS NOT NULL THEN 1 ELSE contacts.purchase_count END)",
                    )
                )
            if self.has("purchase_total_cents"):
                pairs.append(
                    (
                        "purchase_total_cents",
                        "COALESCE(s.purchase_total_cents, contacts.purchase_total_cents)",
                    )
                )
            if self.has("fields"):
                merged = sql.json_merge("contacts.fields", "s.fields")
                pairs.append(
                    ("fields", f"CASE WHEN s.fields IS NULL THEN contacts.fields ELSE {merged} END")
                )
            if self.has("tier_override"):
                pairs.append(("tier_override", "COALESCE(s.tier_override, contacts.tier_override)"))
            if self.has("suspect"):
                pairs.append(("suspect", "COALESCE(s.suspect, contacts.suspect)"))
        elif self.policy == "fill":
            if self.has("name"):
                pairs.append(
                    (
                        "name",
                        "CASE WHEN contacts.name = '' THEN COALESCE(s.name, '')"
                        " ELSE contacts.name END",
                    )
                )
            if self.has("birthday"):
                empty = "contacts.birthday IS NULL AND contacts.birthday_md IS NULL"
                pairs.append(
                    ("birthday", f"CASE WHEN {empty} THEN s.birthday ELSE contacts.birthday END")
                )
                pairs.append(
                    (
                        "birthday_md",
                        f"CASE WHEN {empty} THEN s.birthday_md ELSE contacts.birthday_md END",
                    )
                )
            if self.has("notes"):
                pairs.append(
                    (
                        "notes",
                        "CASE WHEN contacts.notes = '' THEN COALESCE(s.notes, '')"
                        " ELSE contacts.notes END",
                    )
                )
            if self.has("first_purchase_at") or self.has("last_purchase_at"):
                first = f"COALESCE(contacts.first_purchase_at, {s('first_purchase_at')}, {last})"
                pairs.append(
                    (
                        "first_purchase_at",
                        _not_after(first, f"COALESCE(contacts.last_purchase_at, {last})"),
                    )
                )
            if self.has("last_purchase_at"):
                pairs.append(("last_purchase_at", f"COALESCE(contacts.last_purchase_at, {last})"))
            if self.has("purchase_count") or self.has("last_purchase_at"):
                pairs.append(
                    (
                        "purchase_count",
                        f"CASE WHEN contacts.purchase_count = 0 THEN COALESCE({s('purchase_count')},"
                        f" CASE WHEN {last} IS NOT NULL THEN 1 ELSE 0 END)"
                        " ELSE contacts.purchase_count END",
                    )
                )
            if self.has("purchase_total_cents"):
                pairs.append(
                    (
                        "purchase_total_cents",
                        "CASE WHEN contacts.purchase_total_cents = 0"
                        " THEN COALESCE(s.purchase_total_cents, 0)"
                        " ELSE contacts.purchase_total_cents END",
                    )
                )
            if self.has("fields"):
                merged = sql.json_merge("s.fields", "contacts.fields")
                pairs.append(
                    ("fields", f"CASE WHEN s.fields IS NULL THEN contacts.fields ELSE {merged} END")
                )
            if self.has("tier_override"):
                pairs.append(("tier_override", "COALESCE(contacts.tier_override, s.tier_override)"))
        return pairs

    def _apply_round(self, dup: int, seqs: tuple[int, int] | None = None) -> int:
        """Apply staged rows of occurrence ``dup`` (within the ``seqs`` range, if given) to
        the matching book contacts; returns how many contacts changed."""
        pairs = self._assignments()
        if not pairs:
            return 0
        sql = self.sql
        changed = " OR ".join(
            sql.json_differs(value, "contacts.fields")
            if column == "fields"
            else sql.differs(value, f"contacts.{column}")
            for column, value in pairs
        )
        assignments = ", ".join(f"{column} = {value}" for column, value in pairs)
        statement = (
            f"UPDATE contacts SET {assignments}, updated_at = {sql.marker}"
            f" FROM (SELECT * FROM import_rows WHERE dup = {sql.marker}{_within(seqs, 'seq')})"
            " AS s"
            f" WHERE contacts.e164 = s.e164 AND ({changed})"
        )
        return int(sql.run(statement, (self.now, dup)).rowcount or 0)

    def _match_existing(self, seqs: tuple[int, int] | None = None) -> None:
        """Count the staged first occurrences the book already has and, unless the policy
        is skip, apply them (round 0). Only contacts from before the import can match: a
        first occurrence is a number no earlier row had."""
        if not self.book_before:
            return
        matched = int(
            self.sql.scalar(
                "SELECT COUNT(*) FROM import_rows s WHERE s.dup = 0"
                f"{_within(seqs, 's.seq')}"
                " AND EXISTS (SELECT 1 FROM contacts c WHERE c.e164 = s.e164)"
            )
        )
        self.matched += matched
        if matched and self.policy != "skip":
            self.counts.updated += self._apply_round(0, seqs)

    def _secondary_indexes(self, drop: bool) -> None:
        """Drop the contacts' secondary indexes (``drop``) or create them again."""
        self.rebuild = drop
        if drop:
            self._indexes = sorted(
                cast(Table, Contact.__table__).indexes, key=lambda i: str(i.name)
            )
            for index in self._indexes:
                index.drop(bind=self.sql.connection)
        else:
            for index in self._indexes:
                index.create(bind=self.sql.connection)
            self._indexes = []

    def merge_contacts(self, *, max_dup: int, staged_first: int) -> None:
        """All staged rows at once (after staging; PostgreSQL and purchase histories)."""
        sql = self.sql
        self.repeats = max_dup > 0
        counts = self.counts
        self._match_existing()
        new = staged_first - self.matched
        rebuild = sql.is_sqlite and new > REBUILD_INDEXES_ABOVE and new > self.book_before
        if rebuild:
            self._secondary_indexes(drop=True)
        counts.imported = self._insert_new()
        self.ids_follow_seq = self._ids_follow_seq(staged_first)
        if rebuild:
            self._secondary_indexes(drop=False)
        if self.policy != "skip":
            for dup in range(1, max_dup + 1):
                self._apply_round(dup)
        self._finish_counts()

    def _finish_counts(self) -> None:
        counts = self.counts
        counts.skipped = self.matched - counts.updated
        if self.policy != "skip":
            counts.merged = int(self.sql.scalar("SELECT COUNT(*) FROM import_rows WHERE dup > 0"))

    # Batch by batch, while the next batch is read (SQLite) ------------------------------

    def begin_batches(self, *, expected_rows: int) -> None:
        """Before the first batch (the write lock held): drop the secondary indexes when
        the file is expected to add more contacts than the book holds (the rule of
        ``merge_contacts``, on the sheet's row count since nothing is staged yet)."""
        new = expected_rows - self.book_before
        if self.sql.is_sqlite and new > REBUILD_INDEXES_ABOVE and new > self.book_before:
            self._secondary_indexes(drop=True)
        self.tags_in_steps = self.has("tags") and (not self.max_before or self.policy == "skip")
        if self.tags_in_steps:
            self.sql.run("DROP TABLE IF EXISTS import_tag_sets")
            self.sql.run("CREATE TEMPORARY TABLE import_tag_sets (tags TEXT, tag_id INTEGER)")
            self.sql.run("CREATE INDEX ix_import_tag_sets ON import_tag_sets (tags, tag_id)")

    def merge_batch(self, low: int, high: int, max_dup: int, firsts: int) -> None:
        """Merge the staged rows ``low..high`` (by ``seq``; ``firsts`` of them first
        occurrences): round 0 for the book's contacts, new contacts in file order, then
        this batch's later occurrences round by round. Every earlier occurrence of a number
        is in this or an earlier batch, so each contact sees the file's rows in the same
        order as in ``merge_contacts``."""
        seqs = (low, high)
        if max_dup:
            self.repeats = True
        if self.book_before and self.policy != "skip":
            self.counts.updated += self._apply_round(0, seqs)
        inserted = self._insert_new(seqs=seqs)
        self.counts.imported += inserted
        # A first occurrence is either in the book already or inserted just now (no
        # second look-up by number to count the matches).
        self.matched += firsts - inserted
        if self.policy != "skip":
            for dup in range(1, max_dup + 1):
                self._apply_round(dup, seqs)
        if self.tags_in_steps:
            self._tag_new_contacts(seqs)

    def _tag_new_contacts(self, seqs: tuple[int, int]) -> None:
        """The tags of a step's rows, for contacts new in this import (SQLite). A contact's
        repeats in later steps may bring a tag it already got: ignored."""
        sql = self.sql
        cells = (
            f"SELECT DISTINCT tags FROM import_rows WHERE tags IS NOT NULL{_within(seqs, 'seq')}"
        )
        sql.run(
            "INSERT INTO tags (name, color, created_at) SELECT DISTINCT j.value, '', ?"
            f" FROM ({cells}) AS s, json_each(s.tags) AS j"
            " WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = j.value)",
            (self.now,),
        )
        sql.run(
            "INSERT INTO import_tag_sets (tags, tag_id) SELECT d.tags, t.id"
            f" FROM ({cells} AND tags NOT IN (SELECT tags FROM import_tag_sets)) AS d,"
            " json_each(d.tags) AS j JOIN tags t ON t.name = j.value"
        )
        added = sql.run(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) SELECT DISTINCT c.id,"
            " ts.tag_id FROM import_rows s JOIN contacts c ON c.e164 = s.e164"
            " JOIN import_tag_sets ts ON ts.tags = s.tags"
            f" WHERE s.tags IS NOT NULL{_within(seqs, 's.seq')} AND c.id > {int(self.max_before)}"
        ).rowcount
        self.counts.tags_added += int(added or 0)

    def finish_batches(self, *, staged_first: int) -> None:
        """After the last batch: check the id order, rebuild dropped indexes, counts."""
        self.ids_follow_seq = self._ids_follow_seq(staged_first)
        if self.rebuild:
            self._secondary_indexes(drop=False)
        self._finish_counts()

    def _ids_follow_seq(self, staged_first: int) -> bool:
        """Whether every staged row was new and got id ``max_before + seq``: true for a
        first import into an empty book (SQLite numbers new rows max(id) + 1, in the
        insert's ORDER BY seq). Checked, not assumed: the count, both ends, contiguity."""
        sql = self.sql
        imported = self.counts.imported
        if not sql.is_sqlite or imported == 0 or imported != staged_first:
            return False
        if int(sql.scalar("SELECT COALESCE(MAX(seq), 0) FROM import_rows")) != imported:
            return False
        base = int(self.max_before)
        low, high, count = sql.run(
            f"SELECT MIN(id), MAX(id), COUNT(*) FROM contacts WHERE id > {base}"
        ).one()
        if (low, high, count) != (base + 1, base + imported, imported):
            return False
        m = sql.marker
        for seq in (1, imported):
            staged = sql.scalar(f"SELECT e164 FROM import_rows WHERE seq = {m}", (seq,))
            stored = sql.scalar(f"SELECT e164 FROM contacts WHERE id = {m}", (base + seq,))
            if staged != stored:
                return False
        return True

    def _insert_new(self, *, purchases: bool = False, seqs: tuple[int, int] | None = None) -> int:
        """Insert the staged first occurrences not in the book, in file order. For purchase
        history the purchase columns stay empty here: ``merge_purchases`` adds them."""
        sql = self.sql
        s = self.s if not purchases else self._absent
        last = s("last_purchase_at")
        columns = {
            "e164": "s.e164",
            "name": "COALESCE(s.name, '')" if self.has("name") else "''",
            "region": "s.region",
            "carrier": "s.carrier",
            "province": "s.province",
            "city": "s.city",
            "timezone": "s.timezone",
            "tier": "COALESCE(s.tier, 'new')",
            "tier_override": s("tier_override"),
            "consent_scope": "'none'",
            "opted_out": sql.false(),
            "suspect": f"COALESCE({s('suspect')}, {sql.false()})",
            "consecutive_failures": "0",
            "birthday": s("birthday"),
            "birthday_md": s("birthday_md"),
            "first_purchase_at": f"COALESCE({s('first_purchase_at')}, {last})",
            "last_purchase_at": last,
            "purchase_count": (
                f"COALESCE({s('purchase_count')}, CASE WHEN {last} IS NOT NULL THEN 1 ELSE 0 END)"
            ),
            "purchase_total_cents": f"COALESCE({s('purchase_total_cents')}, 0)",
            "fields": sql.json_cast(f"COALESCE({s('fields')}, '{{}}')"),
            "notes": f"COALESCE({s('notes')}, '')",
            "source": sql.marker,
            "created_at": sql.marker,
            "updated_at": sql.marker,
        }
        where = f"s.dup = 0{_within(seqs, 's.seq')}"
        if self.book_before:
            where += " AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.e164 = s.e164)"
        statement = (
            f"INSERT INTO contacts ({', '.join(columns)})"
            f" SELECT {', '.join(columns.values())} FROM import_rows s WHERE {where} ORDER BY s.seq"
        )
        return int(sql.run(statement, (self.source[:200], self.now, self.now)).rowcount or 0)

    # Tags ------------------------------------------------------------------------------

    def merge_tags(self) -> None:
        """Tags go to new contacts always; to book contacts under "update" (added, never
        removed) and under "fill" (only if the contact had no tags)."""
        if not self.has("tags"):
            return
        if self.tags_in_steps:  # done step by step (``merge_batch``)
            self.sql.run("DROP TABLE IF EXISTS import_tag_sets")
            return
        sql = self.sql
        m = sql.marker
        each = sql.json_values("s.tags", "j")
        sql.run(
            f"INSERT INTO tags (name, color, created_at) SELECT DISTINCT j.value, '', {m}"
            " FROM (SELECT DISTINCT tags FROM import_rows WHERE tags IS NOT NULL) AS s,"
            f" {each} WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = j.value)",
            (self.now,),
        )
        # Each distinct tag cell once: (the cell's JSON, tag id) pairs, for joins by text
        # instead of parsing JSON on every row.
        sql.run("DROP TABLE IF EXISTS import_tag_sets")
        sql.run(
            "CREATE TEMPORARY TABLE import_tag_sets AS SELECT d.tags AS tags, t.id AS tag_id"
            f" FROM (SELECT DISTINCT tags FROM import_rows WHERE tags IS NOT NULL) AS d,"
            f" {sql.json_values('d.tags', 'j')} JOIN tags t ON t.name = j.value"
        )
        sql.run("CREATE INDEX ix_import_tag_sets ON import_tag_sets (tags, tag_id)")
        if not self.max_before or self.policy == "skip":
            # Only contacts new in this import get tags: insert straight away.
            distinct = "DISTINCT " if self.repeats else ""
            if self.ids_follow_seq:
                contact = f"s.seq + {int(self.max_before)}"
                source = "import_rows s"
            else:
                contact = "c.id"
                source = "import_rows s JOIN contacts c ON c.e164 = s.e164"
            added = sql.run(
                f"INSERT INTO contact_tags (contact_id, tag_id) SELECT {distinct}{contact},"
                f" ts.tag_id FROM {source} JOIN import_tag_sets ts ON ts.tags = s.tags"
                f" WHERE s.tags IS NOT NULL AND {contact} > {int(self.max_before)}"
            ).rowcount
            self.counts.tags_added = int(added or 0)
            sql.run("DROP TABLE import_tag_sets")
            return
        eligible = f"c.id > {int(self.max_before)}"
        if self.policy == "update":
            eligible = "1 = 1"
        elif self.policy == "fill":
            eligible += " OR NOT EXISTS (SELECT 1 FROM contact_tags x WHERE x.contact_id = c.id)"
        # The pairs the book lacks, found once (a re-import of the same list finds none,
        # instead of writing a million pairs and probing each twice).
        sql.run("DROP TABLE IF EXISTS import_tag_pairs")
        sql.run(
            "CREATE TEMPORARY TABLE import_tag_pairs AS"
            " SELECT DISTINCT c.id AS contact_id, ts.tag_id AS tag_id"
            " FROM import_rows s JOIN import_tag_sets ts ON ts.tags = s.tags"
            " JOIN contacts c ON c.e164 = s.e164"
            f" WHERE s.tags IS NOT NULL AND ({eligible}) AND NOT EXISTS (SELECT 1"
            " FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ts.tag_id)"
        )
        fresh = "FROM import_tag_pairs p"
        if self.max_before and self.policy != "skip":
            touched = sql.run(
                f"UPDATE contacts SET updated_at = {m} WHERE id <= {int(self.max_before)}"
                f" AND updated_at <> {m} AND id IN (SELECT p.contact_id {fresh})",
                (self.now, self.now),
            ).rowcount
            self.counts.updated += int(touched or 0)
            self.counts.skipped -= min(self.counts.skipped, int(touched or 0))
        added = sql.run(
            f"INSERT INTO contact_tags (contact_id, tag_id) SELECT p.contact_id, p.tag_id {fresh}"
        ).rowcount
        self.counts.tags_added = int(added or 0)
        sql.run("DROP TABLE import_tag_pairs")
        sql.run("DROP TABLE import_tag_sets")

    # Opt-outs ----------------------------------------------------------------------------

    def merge_opt_outs(self, late: list[tuple[str, int]]) -> None:
        """Numbers the file marks as opted out join the suppression list (whatever the
        duplicate policy: suppressing is always safe); then the ``opted_out`` cache is set
        for every contact with an active opt-out."""
        sql = self.sql
        m = sql.marker
        label = self.source[:150]
        if self.has("opted_out"):
            added = sql.run(
                "INSERT INTO opt_outs (e164, reason, source, created_at, removed_reason)"
                f" SELECT s.e164, 'import', {m}, {m}, '' FROM import_rows s"
                f" WHERE s.opted_out = {sql.true()} AND s.seq = (SELECT MIN(x.seq)"
                f" FROM import_rows x WHERE x.e164 = s.e164 AND x.opted_out = {sql.true()})"
                " AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.e164 = s.e164"
                " AND o.removed_at IS NULL)",
                (label, self.now),
            ).rowcount
            self.counts.opt_outs_added += int(added or 0)
        for e164, _row in late:
            exists = sql.scalar(
                f"SELECT 1 FROM opt_outs WHERE e164 = {m} AND removed_at IS NULL", (e164,)
            )
            if exists is None:
                sql.run(
                    "INSERT INTO opt_outs (e164, reason, source, created_at, removed_reason)"
                    f" VALUES ({m}, 'import', {m}, {m}, '')",
                    (e164, label, self.now),
                )
                self.counts.opt_outs_added += 1
        sql.run(
            f"UPDATE contacts SET opted_out = {sql.true()} WHERE id IN (SELECT c.id FROM opt_outs o"
            " JOIN contacts c ON c.e164 = o.e164"
            f" WHERE o.removed_at IS NULL AND c.opted_out = {sql.false()})"
        )

    # Purchases -----------------------------------------------------------------------------

    def merge_purchases(self) -> None:
        """Purchase-history rows: unknown numbers become contacts, purchases not yet in the
        book are added (a re-import adds nothing), and each contact's RFM totals grow by
        its new purchases."""
        sql = self.sql
        m = sql.marker
        counts = self.counts
        max_purchase = int(sql.scalar("SELECT COALESCE(MAX(id), 0) FROM purchases"))
        counts.imported = self._insert_new(purchases=True)
        amount = f"COALESCE({self.s('purchase_total_cents')}, 0)"
        reference = f"COALESCE({self.s('reference')}, '')"
        counts.purchases_added = int(
            sql.run(
                "INSERT INTO purchases (contact_id, purchased_at, amount_cents, reference, source)"
                f" SELECT c.id, s.last_purchase_at, {amount}, {reference}, {m}"
                " FROM import_rows s JOIN contacts c ON c.e164 = s.e164"
                " WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id"
                f" AND p.purchased_at = s.last_purchase_at AND p.amount_cents = {amount}"
                f" AND p.reference = {reference}) ORDER BY s.seq",
                (self.source[:200],),
            ).rowcount
            or 0
        )
        counts.skipped = (
            int(sql.scalar("SELECT COUNT(*) FROM import_rows")) - counts.purchases_added
        )
        changed = sql.run(
            "UPDATE contacts SET"
            " purchase_count = contacts.purchase_count + a.n,"
            " purchase_total_cents = contacts.purchase_total_cents + a.total,"
            " first_purchase_at = CASE WHEN contacts.first_purchase_at IS NULL"
            " OR a.first < contacts.first_purchase_at THEN a.first"
            " ELSE contacts.first_purchase_at END,"
            " last_purchase_at = CASE WHEN contacts.last_purchase_at IS NULL"
            " OR a.last > contacts.last_purchase_at THEN a.last"
            " ELSE contacts.last_purchase_at END,"
            f" updated_at = {m}"
            " FROM (SELECT contact_id, COUNT(*) AS n, SUM(amount_cents) AS total,"
            " MIN(purchased_at) AS first, MAX(purchased_at) AS last FROM purchases"
            f" WHERE id > {max_purchase} GROUP BY contact_id) AS a"
            " WHERE contacts.id = a.contact_id",
            (self.now,),
        ).rowcount
        counts.updated = max(0, int(changed or 0) - counts.imported)

    def drop_stage(self) -> None:
        for table in ("import_rows", "import_tag_sets", "import_tag_pairs"):
            self.sql.run(f"DROP TABLE IF EXISTS {table}")


def _within(seqs: tuple[int, int] | None, column: str) -> str:
    """`` AND column BETWEEN low AND high`` for a batch's range of ``seq``, else nothing."""
    if seqs is None:
        return ""
    return f" AND {column} BETWEEN {int(seqs[0])} AND {int(seqs[1])}"


def _not_after(first: str, last: str) -> str:
    """``first``, but never later than ``last`` (a first purchase after the last is a merge
    of rows that disagree; the earlier date is the truer first)."""
    return f"CASE WHEN {last} IS NOT NULL AND {first} > {last} THEN {last} ELSE {first} END"


def stage_count(sql: BulkSQL, where: str = "1 = 1") -> int:
    return int(sql.scalar(f"SELECT COUNT(*) FROM import_rows WHERE {where}"))


def _consent_where(sql: BulkSQL, *, max_before: int, policy: str) -> str:
    eligible = "1 = 1" if policy != "skip" else f"c.id > {int(max_before)}"
    return (
        "s.consent_scope IS NOT NULL AND s.consent_method IS NOT NULL"
        f" AND ({eligible}) AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.e164 = s.e164"
        " AND o.removed_at IS NULL)"
    )


def consent_rows(sql: BulkSQL, *, max_before: int, policy: str) -> Any:
    """Staged consent statements to record, in file order: rows whose contact was imported
    or (unless the policy is skip) updated, and whose number has no active opt-out (an
    imported grant must never undo a known opt-out)."""
    where = _consent_where(sql, max_before=max_before, policy=policy)
    return sql.run(
        "SELECT s.e164, s.row_number, s.consent_scope, s.consent_method, s.consent_at,"
        " s.consent_source FROM import_rows s JOIN contacts c ON c.e164 = s.e164"
        f" WHERE {where} ORDER BY s.seq"
    )
