"""Team mode: the contact book's bulk paths (staged import, duplicate policies, consent on
import, export, segments, campaign pre-flight) on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from smsdesk.core.consent import consent_log
from smsdesk.core.contacts import exporter, segments
from smsdesk.core.contacts.importer import (
    DuplicatePolicy,
    FileConsent,
    ImportOptions,
    import_file,
)
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ConsentRecord, Contact, OptOut

pytestmark = pytest.mark.postgres

CSV = (
    "姓名,手机号码,标签,生日\n"
    "王芳,138 1234 5678,VIP；老客户,1990-05-20\n"
    "李雷,+86 186-1234-5678,会员,\n"
    "韩梅梅,１３３１２３４５６７８,会员 学生,2001-01-02\n"
    "坏号码,12345,,\n"
    "王芳again,0086 13812345678,,\n"
)


def test_import_update_export_on_postgres(pg_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "客户.csv"
    source.write_text(CSV, encoding="gbk")
    consent = FileConsent(scope="marketing", method="paper", source="门店登记表")
    result = import_file(pg_db, source, ImportOptions(consent=consent))
    assert (result.rows, result.imported, result.rejected) == (5, 3, 2)
    with pg_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 3
        wang = session.scalars(select(Contact).where(Contact.e164 == "+8613812345678")).one()
        assert wang.name == "王芳"
        assert {tag.name for tag in wang.tags} == {"VIP", "老客户"}
        assert wang.birthday_md == "05-20"
        assert wang.consent_scope == "marketing"
        assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 3
        assert consent_log.verify(session).ok

    source.write_text("手机,姓名\n13812345678,王芳芳\n", encoding="utf-8")
    again = import_file(pg_db, source, ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
    assert again.updated == 1
    with pg_db.session() as session:
        assert (
            session.scalars(select(Contact.name).where(Contact.e164 == "+8613812345678")).one()
            == "王芳芳"
        )
        session.add(OptOut(e164="+8618612345678", reason="T"))
        flt = segments.ContactFilter(tags=("会员",))
        assert segments.count(session, flt) == 2

    target = tmp_path / "out.xlsx"
    exported = exporter.export_contacts(pg_db, target, unmasked=True)
    assert exported.rows == 3
    assert target.stat().st_size > 0
