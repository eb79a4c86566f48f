"""Redeeming codes by hand and from the shop's Excel export."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import lifecycle, redemptions
from smsdesk.core.campaigns.redemptions import RedeemStatus
from smsdesk.core.db.models import Message, Redemption
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import Shop, add_contact


def _codes(session: Session, shop: Shop, count: int) -> tuple[int, list[str]]:
    for _ in range(count):
        add_contact(session)
    campaign = lifecycle.create_campaign(session, make_plan(shop))
    lifecycle.start(session, campaign.id, now=NOW)
    codes = [
        m.code for m in session.scalars(select(Message).where(Message.campaign_id == campaign.id))
    ]
    assert all(codes)
    return campaign.id, [c for c in codes if c]


def test_manual_redemption(session: Session, shop: Shop) -> None:
    campaign_id, codes = _codes(session, shop, 3)
    typed = f"{codes[0][:4].lower()} {codes[0][4:]}"
    first = redemptions.redeem(session, typed, at=NOW + timedelta(hours=2))
    assert first.status is RedeemStatus.REDEEMED
    assert first.campaign_id == campaign_id
    assert first.number.startswith("138")
    assert "****" in first.number
    again = redemptions.redeem(session, codes[0])
    assert again.status is RedeemStatus.ALREADY_REDEEMED
    assert again.redeemed_at == NOW + timedelta(hours=2)
    typo = codes[1][:3] + ("A" if codes[1][3] != "A" else "B") + codes[1][4:]
    assert redemptions.redeem(session, typo).status is RedeemStatus.MALFORMED
    from smsdesk.core.campaigns.codes import check_char

    unknown = "23456789"
    assert redemptions.redeem(session, unknown + check_char(unknown)).status is RedeemStatus.UNKNOWN
    assert (
        session.scalar(select(Redemption.campaign_id).where(Redemption.code == codes[0]))
        == campaign_id
    )


def test_import_from_excel(session: Session, shop: Shop, tmp_path: Path) -> None:
    campaign_id, codes = _codes(session, shop, 5)
    redemptions.redeem(session, codes[4])
    path = tmp_path / "核销记录.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("核销")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, ["门店", "兑换码", "核销时间"])
    rows = [
        ("南山店", codes[0], datetime(2026, 5, 21, 15, 30)),
        ("南山店", codes[1].lower(), datetime(2026, 5, 21, 16, 0)),
        ("福田店", f"{codes[2][:4]}-{codes[2][4:]}", datetime(2026, 5, 22, 11, 0)),
        ("福田店", codes[0], datetime(2026, 5, 22, 12, 0)),  # the same code twice
        ("福田店", codes[4], datetime(2026, 5, 22, 12, 0)),  # redeemed at the counter already
        (
            "福田店",
            codes[3][:-1] + ("2" if codes[3][-1] != "2" else "3"),
            datetime(2026, 5, 22, 13, 0),
        ),
        ("福田店", "", None),
    ]
    for index, (store, code, at) in enumerate(rows, start=1):
        sheet.write(index, 0, store)
        sheet.write(index, 1, code)
        if at is not None:
            sheet.write_datetime(index, 2, at, when)
    book.close()

    result = redemptions.import_file(session, path, now=NOW + timedelta(days=3))
    assert result.rows == 6
    assert result.counts == {"redeemed": 3, "already_redeemed": 2, "unknown": 0, "malformed": 1}
    assert sorted(status for _, _, status in result.problems) == [
        "already_redeemed",
        "already_redeemed",
        "malformed",
    ]
    redeemed_at = session.scalar(select(Redemption.redeemed_at).where(Redemption.code == codes[0]))
    assert redeemed_at == datetime.fromisoformat("2026-05-21T07:30:00+00:00")  # 15:30 in Shanghai
    assert (
        session.scalar(select(Redemption.campaign_id).where(Redemption.code == codes[2]))
        == campaign_id
    )
