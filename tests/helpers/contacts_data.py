"""Realistic customer lists for import tests and benchmarks, and a fast contact-book filler.

The rows look like what shops export from a POS or WPS: Chinese headers, numbers as text, as
floats and in odd forms, some duplicates and some invalid numbers, tags joined with mixed
separators, dates as date cells or text. Everything is seeded, so a test can recompute what
an import of the rows must produce.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from smsdesk.core.db.engine import Database

# Real Chinese mobile ranges (first three digits) in use, from phonenumbers' CN metadata.
MOBILE_PREFIXES: tuple[str, ...] = (
    *(f"13{d}" for d in range(10)),
    "145",
    "147",
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    "166",
    "167",
    *(f"17{d}" for d in (1, 2, 3, 5, 6, 7, 8)),
    *(f"18{d}" for d in range(10)),
    "191",
    "193",
    *(f"19{d}" for d in (5, 6, 7, 8, 9)),
)

HEADERS: tuple[str, ...] = (
    "客户名称",
    "手机号码",
    "标签",
    "生日",
    "累计消费",
    "最近消费",
    "门店",
    "备注",
)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红玉萍建文辉力宇鹏飞浩然子轩欣怡梓涵雨泽思远晓雯"
_TAGS = (
    "",
    "",
    "",
    "VIP",
    "老客户,VIP",
    "会员；新客",
    "团购 老客户",
    "生日会员、VIP",
    "储值卡，会员",
)
_STORES = ("南山店", "福田店", "宝安店", "龙华店", "线上商城", "")
_NOTES = ("", "", "", "", "", "爱喝拿铁", "=1+1", "-50元券", "+好友", "@店长推荐", "只收账单通知")


def random_mobile(rng: random.Random) -> str:
    """An 11-digit national Chinese mobile number in a real range."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def number_forms(national: str) -> list[object]:
    """The ways spreadsheets hold one mobile number (all must normalise to the same E.164)."""
    return [
        national,
        float(national),
        f"{national[:3]} {national[3:7]} {national[7:]}",
        f"{national[:3]}-{national[3:7]}-{national[7:]}",
        f"+86{national}",
        f"+86 {national}",
        f"0086{national}",
        f"86{national}",
        float("86" + national),
        f"({national[:3]}){national[3:]}",
        national.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        f"'{national}",
        f"\u200b{national}\u00a0",
        f"{national}.0",
        f"{national[0]}.{national[1:]}E10",
    ]


INVALID_NUMBERS: tuple[object, ...] = (
    "12345",
    "abc",
    "010-62345678",
    "0755-86001234",
    "1381234567",
    "23812345678",
    "138123456789",
    "",
    None,
    "13012345678 / 13112345678",
)


def realistic_rows(
    count: int,
    *,
    seed: int = 7,
    duplicate_rate: float = 0.10,
    invalid_rate: float = 0.05,
) -> Iterator[list[object]]:
    """``count`` rows matching ``HEADERS``; about ``duplicate_rate`` repeat an earlier number
    (in another written form) and ``invalid_rate`` carry a number that must be rejected."""
    rng = random.Random(seed)
    used: set[str] = set()
    recent: list[str] = []
    today = date(2026, 11, 1)
    for _ in range(count):
        roll = rng.random()
        number: object
        if roll < invalid_rate:
            number = rng.choice(INVALID_NUMBERS)
        elif roll < invalid_rate + duplicate_rate and recent:
            number = rng.choice(number_forms(rng.choice(recent)))
        else:
            national = random_mobile(rng)
            while national in used:
                national = random_mobile(rng)
            used.add(national)
            if len(recent) < 5000:
                recent.append(national)
            else:
                recent[rng.randrange(5000)] = national
            form = rng.random()
            if form < 0.55:
                number = national
            elif form < 0.80:
                number = float(national)
            else:
                number = rng.choice(number_forms(national))
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))
        birthday: object = None
        b = rng.random()
        if b < 0.3:
            birthday = datetime(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))
        elif b < 0.4:
            birthday = f"{rng.randint(1960, 2005)}/{rng.randint(1, 12)}/{rng.randint(1, 28)}"
        spent: object = None
        last: object = None
        if rng.random() < 0.6:
            spent = round(rng.uniform(10, 20000), 2)
            last = datetime.combine(
                today - timedelta(days=rng.randint(0, 400)), datetime.min.time()
            )
        yield [
            name,
            number,
            rng.choice(_TAGS),
            birthday,
            spent,
            last,
            rng.choice(_STORES),
            rng.choice(_NOTES),
        ]


def write_xlsx(
    path: Path, rows: Iterator[Sequence[object]], headers: Sequence[str] = HEADERS
) -> Path:
    """Write with xlsxwriter in constant-memory mode: numbers stay numeric cells (as Excel
    keeps a typed-in mobile), dates become date cells, text stays text."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("客户")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, list(headers))
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return path


def write_csv(
    path: Path,
    rows: Iterator[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    """Write rows as a CSV in ``encoding`` ("utf-8-sig" for a BOM, "gbk", "gb18030").
    Characters the encoding lacks (a zero-width space in GBK) are dropped, as Excel does."""
    with path.open("w", encoding=encoding, errors="ignore", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if v is None
                    else v.strftime("%Y-%m-%d")
                    if isinstance(v, datetime)
                    else f"{v:.0f}"
                    if isinstance(v, float) and v.is_integer()
                    else v
                    for v in row
                ]
            )
    return path


def fill_book(db: Database, count: int, *, seed: int = 11) -> None:
    """Insert ``count`` valid contacts with tags, tiers, carriers and places in one bulk
    transaction (about a second per 100,000): the fixture for big-table tests."""
    from smsdesk.core.contacts.numbers import parse

    rng = random.Random(seed)
    tags = ["VIP", "老客户", "会员", "新客", "团购"]
    tiers = ["new", "active", "dormant", "loyal"]
    scopes = ["none", "none", "marketing", "service"]
    now = datetime(2026, 11, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    seen: set[str] = set()
    rows: list[tuple[object, ...]] = []
    while len(rows) < count:
        national = random_mobile(rng)
        if national in seen:
            continue
        seen.add(national)
        info = parse(national)
        i = len(rows)
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        rows.append(
            (
                info.e164,
                name,
                info.carrier.value,
                info.province,
                info.city,
                tiers[i % 4],
                scopes[i % 4],
                1 if i % 97 == 0 else 0,
                1 if i % 211 == 0 else 0,
                json.dumps({"store": _STORES[i % 5]}, ensure_ascii=False),
            )
        )
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO tags (name, color, created_at) VALUES (?, '', ?)",
            [(t, now) for t in tags],
        )
        conn.exec_driver_sql(
            "INSERT INTO contacts (e164, name, region, carrier, province, city, timezone, tier,"
            " consent_scope, opted_out, suspect, consecutive_failures, purchase_count,"
            " purchase_total_cents, fields, notes, source, created_at, updated_at)"
            " VALUES (?, ?, 'CN', ?, ?, ?, 'Asia/Shanghai', ?, ?, ?, ?, 0, 0, 0, ?, '', 'fixture',"
            f" '{now}', '{now}')",
            rows,
        )
        conn.execute(
            text(
                "INSERT INTO contact_tags (contact_id, tag_id) SELECT c.id, t.id FROM contacts c"
                " JOIN tags t ON t.id = 1 + (c.id % 7) WHERE c.id % 7 < 5"
            )
        )
        conn.execute(
            text(
                "INSERT INTO opt_outs (e164, reason, source, created_at, removed_reason)"
                " SELECT e164, 'fixture', 'fixture', :now, '' FROM contacts WHERE opted_out = 1"
            ),
            {"now": now},
        )
