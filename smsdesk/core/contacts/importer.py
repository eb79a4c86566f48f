"""Importing customer lists and purchase histories into the contact book.

    result = import_file(db, "会员.xlsx", ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))

One transaction on one connection. Reading: rows stream from the file through the number
normaliser into a temporary staging table; rejected rows go to the reject report. Merging:
set-based SQL applies the duplicate policy and inserts contacts, then tags, opt-outs,
consent records and tiers. On SQLite a contact import merges the staged rows step by step on
a second thread while the next rows are read (``import_pipeline``), so the book's write lock
is held from the start; elsewhere (PostgreSQL, purchase histories) all rows are staged
before the merge takes the lock. Cancel or any error before the commit leaves the book
exactly as it was and deletes the report.

Consent is never invented: a contact gets a consent record only when the user mapped consent
columns or stated, for the whole file, the scope and method (``FileConsent``); the record
cites the file (name, SHA-256, a copy in the evidence folder) and the row.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit, paths, settings
from smsdesk.core.clock import utc_now
from smsdesk.core.consent import consent_log, evidence_chain, evidence_files
from smsdesk.core.contacts import cn_tables, import_merge
from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.columns import ImportField, custom_key, is_custom, parse_field
from smsdesk.core.contacts.header_detection import HeaderGuess, detect
from smsdesk.core.contacts.import_mappings import load_mapping, save_mapping
from smsdesk.core.contacts.import_pipeline import Batch, BatchPipeline
from smsdesk.core.contacts.import_staging import (
    ConsentDefaults,
    RowStager,
    StageStats,
    stage_rows,
)
from smsdesk.core.contacts.numbers import NumberParser, RejectReason, parser_for
from smsdesk.core.contacts.reject_report import RejectReport, default_report_path
from smsdesk.core.contacts.table_files import TableFile, open_table
from smsdesk.core.contacts.tiers import TierCutoffs, TierThresholds, recompute_tiers
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, CustomField
from smsdesk.core.enums import ConsentAction, ConsentMethod, ConsentScope
from smsdesk.core.errors import ValidationError
from smsdesk.core.progress import Progress

log = logging.getLogger(__name__)

_HEAD_ROWS = 20
_CONSENT_BATCH = 5000
# Staged rows merged per step while the file is read (see ``_stage_and_merge``).
MERGE_ROWS = 5000


class DuplicatePolicy(StrEnum):
    SKIP = "skip"  # keep what the book (or an earlier row) has
    UPDATE = "update"  # the file's non-empty values win; tags are added
    FILL = "fill"  # only fill fields that are empty in the book


class ImportKind(StrEnum):
    CONTACTS = "contacts"
    PURCHASES = "purchases"  # one row per purchase: number, date, amount


@dataclass(frozen=True)
class FileConsent:
    """The user's statement that every number in the file gave this consent."""

    scope: str
    method: str
    source: str = ""
    consented_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.scope not in (ConsentScope.MARKETING, ConsentScope.SERVICE):
            raise ValidationError("Consent scope must be marketing or service", scope=self.scope)
        ConsentMethod(self.method)


@dataclass
class ImportOptions:
    sheet: str | None = None
    # Column index → field. None: the saved mapping for these headers, else the detected one.
    mapping: dict[int, str] | None = None
    # With an explicit mapping: the header's index among the file's rows (None: no header).
    header_row: int | None = None
    # Header text → field, applied last (the command line's --map).
    overrides: dict[str, str] = field(default_factory=dict)
    on_duplicate: DuplicatePolicy = DuplicatePolicy.SKIP
    kind: ImportKind = ImportKind.CONTACTS
    consent: FileConsent | None = None
    tags: tuple[str, ...] = ()
    reject_report: Path | None = None
    reject_labels: Mapping[str, str] | None = None
    remember_mapping: bool = True
    recorded_by: str | None = None


@dataclass
class ImportPlan:
    """What the importer will read: the sheet, the header row and the column mapping."""

    path: Path
    file_kind: str
    sheet: str | None
    sheet_names: list[str]
    encoding: str | None
    header_row: int | None
    headers: list[str]
    mapping: dict[int, str]
    preview: list[list[Any]]
    total_rows: int | None
    first_row: int
    saved_mapping: bool = False

    @property
    def number_column(self) -> int | None:
        return next((i for i, f in sorted(self.mapping.items()) if f == "number"), None)


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    merged: int = 0
    rejected: int = 0
    reject_report: Path | None = None
    seconds: float = 0.0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    consent_records: int = 0
    opt_outs_added: int = 0
    tags_added: int = 0
    purchases_added: int = 0
    bad_values: dict[str, int] = field(default_factory=dict)
    sheet: str | None = None
    encoding: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["reject_report"] = str(self.reject_report) if self.reject_report else None
        data["seconds"] = round(self.seconds, 3)
        return data


def plan_import(
    db: Database,
    path: str | Path,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    preview_rows: int = 30,
) -> ImportPlan:
    """Open the file and work out the header and mapping, as ``import_file`` would."""
    with open_table(path, sheet=sheet) as table:
        head = list(itertools.islice(table.rows(), max(preview_rows, _HEAD_ROWS)))
        with db.session() as session:
            parser = parser_for(session)
            guess, saved = _resolve(session, head, parser, None, None, overrides or {})
        return _plan(table, head[:preview_rows], guess, saved)


def _plan(table: TableFile, head: list[list[Any]], guess: HeaderGuess, saved: bool) -> ImportPlan:
    return ImportPlan(
        path=table.path,
        file_kind=table.kind,
        sheet=table.sheet,
        sheet_names=table.sheet_names,
        encoding=table.encoding,
        header_row=guess.header_row,
        headers=guess.headers,
        mapping=guess.mapping,
        preview=head,
        total_rows=table.total_rows,
        first_row=table.first_row,
        saved_mapping=saved,
    )


def _resolve(
    session: Session,
    head: list[list[Any]],
    parser: NumberParser,
    mapping: dict[int, str] | None,
    header_row: int | None,
    overrides: Mapping[str, str],
) -> tuple[HeaderGuess, bool]:
    guess = detect(head, parser=parser)
    saved = False
    if mapping is not None:
        guess.header_row = header_row
        width = max((len(r) for r in head), default=0)
        if header_row is not None and header_row < len(head):
            titles = head[header_row] + [None] * (width - len(head[header_row]))
            guess.headers = [str(t).strip() if t not in (None, "") else "" for t in titles]
        guess.mapping = {int(i): parse_field(f) for i, f in mapping.items()}
    elif guess.header_row is not None:
        stored = load_mapping(session, guess.headers)
        if stored is not None:
            guess.mapping = stored
            saved = True
    by_word = {h.strip(): i for i, h in enumerate(guess.headers)}
    for header, value in overrides.items():
        index = by_word.get(header.strip())
        if index is None:
            raise ValidationError(f"No column named {header!r}", reason="no_column", header=header)
        parsed = parse_field(value)
        if parsed in (f.value for f in ImportField if f is not ImportField.IGNORE):
            for other, current in list(guess.mapping.items()):
                if current == parsed and other != index:
                    guess.mapping[other] = ImportField.IGNORE.value
        guess.mapping[index] = parsed
    return guess, saved


def import_file(
    db: Database,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a list; see the module docstring. Raises ``ImportFileError`` for an unreadable
    file, ``ValidationError`` for a mapping without a number column, ``Cancelled``."""
    options = options or ImportOptions()
    started = time.perf_counter()
    now = utc_now()
    path = Path(path)
    with db.session() as session:
        parser = parser_for(session)
        cutoffs = TierCutoffs.at(now, TierThresholds.from_settings(session))
        recorded_by = (
            options.recorded_by or settings.get(session, "user.name") or audit.current_actor()
        )
    if parser.cn_tables_needed:
        cn_tables.load_in_background()
    with open_table(path, sheet=options.sheet) as table:
        rows = table.rows()
        head = list(itertools.islice(rows, _HEAD_ROWS))
        with db.session() as session:
            guess, _saved = _resolve(
                session, head, parser, options.mapping, options.header_row, options.overrides
            )
        _check_mapping(guess, options)
        result = ImportResult(sheet=table.sheet, encoding=table.encoding)
        report: RejectReport | None = None

        def reject(row_number: int, row: list[Any], reason: RejectReason) -> None:
            nonlocal report
            if report is None:
                target = options.reject_report or default_report_path(path)
                report = RejectReport(
                    target,
                    guess.headers,
                    width=guess.width,
                    labels=options.reject_labels,
                )
            report.add(row_number, row, reason)

        skip = 0 if guess.header_row is None else guess.header_row + 1
        pending = [stage_rows(itertools.chain(head, rows), first_row=table.first_row, skip=skip)]
        del rows, head

        def take_rows() -> Iterator[tuple[int, list[Any]]]:
            """The row stream, handed over once so that nothing here keeps the workbook
            alive after staging (a million-row sheet holds hundreds of MB)."""
            return pending.pop()

        try:
            _run(
                db,
                path=path,
                table=table,
                guess=guess,
                options=options,
                take_rows=take_rows,
                reject=reject,
                parser=parser,
                cutoffs=cutoffs,
                now=now,
                recorded_by=str(recorded_by),
                result=result,
                progress=progress,
            )
        except BaseException:
            if report is not None:
                report.discard()
            raise
        result.reject_report = report.close() if report is not None else None
    result.seconds = time.perf_counter() - started
    return result


def _check_mapping(guess: HeaderGuess, options: ImportOptions) -> None:
    fields = set(guess.mapping.values())
    if ImportField.NUMBER.value not in fields:
        raise ValidationError(
            "No column holds the phone numbers: map one to 'number'", reason="no_number_column"
        )
    if options.kind is ImportKind.PURCHASES and ImportField.PURCHASE_DATE.value not in fields:
        raise ValidationError(
            "A purchase history needs a date column: map one to 'purchase_date'",
            reason="no_purchase_date",
        )


def _run(
    db: Database,
    *,
    path: Path,
    table: TableFile,
    guess: HeaderGuess,
    options: ImportOptions,
    take_rows: Callable[[], Iterator[tuple[int, list[Any]]]],
    reject: Any,
    parser: NumberParser,
    cutoffs: TierCutoffs,
    now: datetime,
    recorded_by: str,
    result: ImportResult,
    progress: Progress | None,
) -> None:
    purchases = options.kind is ImportKind.PURCHASES
    file_consent = options.consent
    consent = ConsentDefaults(
        scope=file_consent.scope if file_consent else None,
        method=file_consent.method if file_consent else None,
        source=file_consent.source if file_consent else "",
        consented_at=file_consent.consented_at if file_consent else None,
    )
    evidence_copy: Path | None = None
    with db.engine.connect() as connection:
        sql = BulkSQL(connection)
        if sql.is_sqlite:
            sql.run("PRAGMA cache_size = -65536")
        stager = RowStager(
            sql,
            mapping=guess.mapping,
            parser=parser,
            skip_duplicates=options.on_duplicate is DuplicatePolicy.SKIP,
            purchases=purchases,
            tags_for_all=tuple(dict.fromkeys(t for t in options.tags if t.strip())),
            consent=consent,
            cutoffs=cutoffs,
            now=now,
        )
        merger = import_merge.Merger(
            sql,
            columns=stager.columns,
            policy=options.on_duplicate.value,
            source=f"import:{path.name}",
            now=now,
        )
        # SQLite, contacts: each batch is merged on a second thread while the next is read
        # (the write lock is held from the start). Otherwise all rows are staged first.
        pipelined = sql.is_sqlite and not purchases
        try:
            stager.create_table()
            total = table.total_rows or 0
            if pipelined:
                merger.lock_and_measure()
                merger.begin_batches(expected_rows=total)
                stats = _stage_and_merge(stager, merger, take_rows(), reject, progress, total)
            else:
                stats = stager.stage(take_rows(), reject=reject, progress=progress, total=total)
            table.close()  # free the sheet before the merge needs memory
            if not pipelined:
                connection.commit()  # staging only: the temporary table, not the book
            result.rows, result.rejected = stats.rows, stats.rejected
            result.rejects_by_reason = dict(stats.rejects_by_reason)
            result.bad_values = dict(stats.bad_values)
            if progress is not None:
                progress.check()
                progress.update(0, 0, "save", force=True)
            if pipelined:
                merger.finish_batches(staged_first=import_merge.stage_count(sql, "dup = 0"))
            elif purchases:
                merger.lock_and_measure()
                merger.merge_purchases()
            else:
                merger.lock_and_measure()
                staged_first = import_merge.stage_count(sql, "dup = 0")
                merger.merge_contacts(max_dup=stats.max_dup, staged_first=staged_first)
            if progress is not None:
                progress.check()
            merger.merge_tags()
            merger.merge_opt_outs(stats.late_opt_outs)
            session = Session(bind=connection)
            try:
                _register_custom_fields(session, guess)
                if "consent" in stager.groups:
                    if progress is not None:
                        progress.check()
                    result.consent_records, evidence_copy = _record_consent(
                        session,
                        sql,
                        path=path,
                        sheet=table.sheet,
                        merger=merger,
                        recorded_by=recorded_by,
                    )
                if merger.max_before or purchases:
                    # New contacts got their tier while staging; purchases change tiers.
                    limit = None if purchases else merger.max_before
                    recompute_tiers(session, now=now, only=_touched(limit, now))
                counts = merger.counts
                result.imported, result.updated = counts.imported, counts.updated
                result.skipped, result.merged = counts.skipped, counts.merged
                result.tags_added, result.opt_outs_added = counts.tags_added, counts.opt_outs_added
                result.purchases_added = counts.purchases_added
                audit.record(
                    session,
                    "contacts.import",
                    actor=recorded_by,
                    file=path.name,
                    kind=options.kind.value,
                    on_duplicate=options.on_duplicate.value,
                    rows=result.rows,
                    imported=result.imported,
                    updated=result.updated,
                    skipped=result.skipped,
                    rejected=result.rejected,
                    consent_records=result.consent_records,
                )
                if options.remember_mapping and guess.header_row is not None:
                    save_mapping(session, guess.headers, guess.mapping)
                session.flush()
            finally:
                session.close()
            if progress is not None:
                progress.check()
            connection.commit()
        except BaseException:
            connection.rollback()
            if evidence_copy is not None:
                _remove_copy(evidence_copy)
            raise
        finally:
            try:
                merger.drop_stage()
                connection.commit()
                if sql.is_sqlite:
                    sql.run("PRAGMA cache_size = -2000")
            except Exception:  # the connection is going away anyway; keep the first error
                log.warning("could not clean up after an import", exc_info=True)


def _stage_and_merge(
    stager: RowStager,
    merger: import_merge.Merger,
    rows: Iterator[tuple[int, list[Any]]],
    reject: Any,
    progress: Progress | None,
    total: int,
) -> StageStats:
    """Read rows on this thread; the pipeline's worker merges the staged rows every
    ``MERGE_ROWS`` while the next rows are read; the rest is merged here once the pipeline
    has stopped.

    Both threads use the import's connection, one statement at a time; SQLite runs a
    statement without the GIL, so a merge step runs while this thread converts the next
    batch. Staging a batch (binding it to multi-row inserts, which needs the GIL) goes to
    the side with time to spare: the worker when a merge only appends new contacts (a
    large first import, the book's indexes dropped), this thread when each staged row
    must be matched against a large book (the merge is then the longer part)."""
    pending = _PendingRange()
    stage_here = not merger.rebuild

    def merge(batch: Batch) -> None:
        if not stage_here:
            stager.write_batch(batch)
        pending.add(batch)
        if pending.rows >= MERGE_ROWS:
            pending.merge(merger)

    with BatchPipeline(merge) as pipeline:

        def write(batch: Batch) -> None:
            if stage_here:
                stager.write_batch(batch)
            pipeline.put(batch)

        stats = stager.stage(rows, reject=reject, progress=progress, total=total, write=write)
    pending.merge(merger)
    return stats


@dataclass
class _PendingRange:
    """Staged rows not merged yet: their ``seq`` range and highest repeat number."""

    low: int = 0
    high: int = 0
    max_dup: int = 0
    rows: int = 0
    firsts: int = 0  # rows that are a number's first occurrence in the file

    def add(self, batch: Batch) -> None:
        if not self.rows:
            self.low = batch[0][0]
        self.high = batch[-1][0]
        repeats = [row[2] for row in batch if row[2]]
        if repeats:
            self.max_dup = max(self.max_dup, max(repeats))
        self.rows += len(batch)
        self.firsts += len(batch) - len(repeats)

    def merge(self, merger: import_merge.Merger) -> None:
        if self.rows:
            merger.merge_batch(self.low, self.high, self.max_dup, self.firsts)
        self.rows = self.max_dup = self.firsts = 0


def _touched(max_id: int | None, now: datetime) -> Any:
    """Contacts this import changed (``updated_at`` is the import's own instant)."""
    query = select(Contact.id).where(Contact.updated_at == now)
    return query if max_id is None else query.where(Contact.id <= max_id)


def _register_custom_fields(session: Session, guess: HeaderGuess) -> None:
    keys = [custom_key(f) for f in guess.mapping.values() if is_custom(f)]
    if not keys:
        return
    known = set(session.scalars(select(CustomField.key).where(CustomField.key.in_(keys))))
    for key in dict.fromkeys(keys):
        if key not in known:
            session.add(CustomField(key=key, label=key))


def _record_consent(
    session: Session,
    sql: BulkSQL,
    *,
    path: Path,
    sheet: str | None,
    merger: import_merge.Merger,
    recorded_by: str,
) -> tuple[int, Path | None]:
    """Append one consent record per staged consent statement and refresh the contacts'
    consent caches by the consent module's own rule; returns (records written, the evidence
    copy this call created, to remove if the import rolls back)."""
    cursor = import_merge.consent_rows(sql, max_before=merger.max_before, policy=merger.policy)
    batch = cursor.fetchmany(_CONSENT_BATCH)
    if not batch:
        return 0, None
    existed = (paths.evidence_dir() / evidence_files.file_sha256(path)).exists()
    stored = evidence_files.store_evidence_file(path)
    made = None if existed else evidence_files.evidence_path(stored.relative)
    where = f"{path.name}, {sheet}" if sheet else path.name
    written = 0
    try:
        written = _append_consent(session, cursor, batch, stored, where, recorded_by)
    except BaseException:
        if made is not None:
            _remove_copy(made)
        raise
    return written, made


def _remove_copy(copy: Path) -> None:
    copy.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        copy.parent.rmdir()


def _append_consent(
    session: Session,
    cursor: Any,
    batch: Any,
    stored: evidence_files.StoredEvidence,
    where: str,
    recorded_by: str,
) -> int:
    written = 0
    while batch:
        entries = [
            evidence_chain.ConsentEntry(
                e164=e164,
                action=ConsentAction.GRANT.value,
                scope=scope,
                method=method,
                consented_at=datetime.fromisoformat(consented_at),
                source=source or "",
                evidence_text=f"{where}, row {row_number}",
                evidence_file=stored.relative,
                evidence_sha256=stored.sha256,
                recorded_by=recorded_by,
            )
            for e164, row_number, scope, method, consented_at, source in batch
        ]
        evidence_chain.append(session, entries)
        consent_log.sync_contacts(session, [entry.e164 for entry in entries])
        written += len(entries)
        batch = cursor.fetchmany(_CONSENT_BATCH)
    return written
