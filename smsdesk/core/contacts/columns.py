"""The columns of a contact list: what an imported column can mean, the header words that
say so (Chinese and English), and the headers the exporter writes (which must read back).

Mapping values are strings: an ``ImportField`` value, or ``custom:<key>`` for a custom field
(a template variable such as {门店}).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from smsdesk.core.errors import ValidationError

CUSTOM_PREFIX = "custom:"
CUSTOM_KEY_MAX = 40


class ImportField(StrEnum):
    NUMBER = "number"
    NAME = "name"
    TAGS = "tags"
    BIRTHDAY = "birthday"
    NOTES = "notes"
    FIRST_PURCHASE = "first_purchase"
    PURCHASE_DATE = "purchase_date"
    PURCHASE_COUNT = "purchase_count"
    PURCHASE_AMOUNT = "purchase_amount"
    PURCHASE_REFERENCE = "purchase_reference"
    CONSENT_SCOPE = "consent_scope"
    CONSENT_METHOD = "consent_method"
    CONSENT_TIME = "consent_time"
    CONSENT_SOURCE = "consent_source"
    OPTED_OUT = "opted_out"
    SUSPECT = "suspect"
    TIER_OVERRIDE = "tier_override"
    IGNORE = "ignore"


# Fields a file may map at most once (custom fields and "ignore" may repeat).
SINGLE_FIELDS = frozenset(ImportField) - {ImportField.IGNORE}

# fmt: off
SYNONYMS: dict[ImportField, tuple[str, ...]] = {
    ImportField.NUMBER: (
        "手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "移动电话", "联系方式",
        "手机电话", "号码", "会员手机", "会员手机号", "客户手机", "客户电话", "客户手机号",
        "收货人手机", "收货人电话", "收件人电话", "收件人手机", "联系手机", "手机号码(必填)",
        "mobile", "phone", "phonenumber", "mobilephone", "mobilenumber", "cell", "cellphone",
        "tel", "telephone", "msisdn", "number", "contactnumber",
    ),
    ImportField.NAME: (
        "姓名", "名字", "客户名称", "客户姓名", "会员姓名", "会员名称", "顾客姓名", "联系人",
        "称呼", "收货人", "收件人", "客户", "会员", "用户名", "昵称", "名称",
        "name", "fullname", "customer", "customername", "contact", "contactname",
    ),
    ImportField.TAGS: (
        "标签", "分组", "客户标签", "会员标签", "分类", "群组", "客户分组", "客户分类",
        "tags", "tag", "group", "groups", "labels", "label",
    ),
    ImportField.BIRTHDAY: (
        "生日", "出生日期", "出生年月", "出生年月日", "生日日期", "会员生日",
        "birthday", "birthdate", "dateofbirth", "dob",
    ),
    ImportField.NOTES: (
        "备注", "说明", "备注信息", "客户备注", "notes", "note", "remark", "remarks",
        "comment", "comments", "memo",
    ),
    ImportField.FIRST_PURCHASE: (
        "首次消费", "首次消费时间", "首次消费日期", "首次购买", "首单时间", "首次下单时间",
        "firstpurchase", "firstpurchasedate", "firstorder",
    ),
    ImportField.PURCHASE_DATE: (
        "最近消费", "最近消费时间", "最近消费日期", "最后消费时间", "最后消费日期", "最近购买",
        "上次消费", "上次消费时间", "购买日期", "购买时间", "消费日期", "消费时间", "下单时间",
        "订单日期", "订单时间", "交易时间", "交易日期", "lastpurchase", "lastpurchasedate",
        "lastorder", "purchasedate", "purchasedat", "orderdate", "date",
    ),
    ImportField.PURCHASE_COUNT: (
        "消费次数", "购买次数", "订单数", "订单数量", "累计订单", "累计订单数", "到店次数",
        "purchasecount", "purchases", "orders", "ordercount", "numberoforders", "visits",
    ),
    ImportField.PURCHASE_AMOUNT: (
        "累计消费", "消费金额", "累计金额", "消费总额", "总消费", "累计消费金额", "订单金额",
        "金额", "实付金额", "支付金额", "交易金额", "amount", "total", "totalspent", "spent",
        "purchaseamount", "ordertotal", "revenue",
    ),
    ImportField.PURCHASE_REFERENCE: (
        "订单号", "订单编号", "单号", "流水号", "小票号", "orderid", "ordernumber", "orderno",
        "reference", "ref", "receipt",
    ),
    ImportField.CONSENT_SCOPE: (
        "授权范围", "同意范围", "授权类型", "营销授权", "是否同意营销", "短信授权", "订阅",
        "consent", "consentscope", "optin", "subscribed", "marketingconsent",
    ),
    ImportField.CONSENT_METHOD: (
        "授权方式", "同意方式", "授权渠道方式", "consentmethod", "optinmethod",
    ),
    ImportField.CONSENT_TIME: (
        "授权时间", "同意时间", "授权日期", "同意日期", "consenttime", "consentdate",
        "consentedat", "optindate", "optintime",
    ),
    ImportField.CONSENT_SOURCE: (
        "授权来源", "授权渠道", "同意来源", "consentsource", "optinsource",
    ),
    ImportField.OPTED_OUT: (
        "退订", "是否退订", "已退订", "拒收", "是否拒收", "黑名单", "optedout", "optout",
        "unsubscribed", "donotcontact", "dnc",
    ),
    ImportField.SUSPECT: ("可疑号码", "空号", "疑似空号", "suspect", "suspectnumber"),
    ImportField.TIER_OVERRIDE: ("手动分层", "分层覆盖", "指定分层", "tieroverride"),
    ImportField.IGNORE: (
        # Values derived from the number or the book (our own export writes them too).
        "运营商", "省份", "省", "城市", "市", "归属地", "号码归属地", "时区", "分层", "客户分层",
        "序号", "编号", "行号", "原行号", "原因", "拒绝原因", "原因代码",
        "carrier", "province", "city", "location", "timezone", "tier", "no", "#", "id",
        "row", "reason", "reasoncode", "rejectreason",
    ),
}
# fmt: on

_HEADER_NOISE = re.compile(r"[\s_\-—:：*＊()（）\[\]【】<>《》.。'\"“”/\\]+")
_SYNONYM_INDEX: dict[str, ImportField] = {}


def header_word(header: object) -> str:
    """A header reduced to what matters for matching: width, case, spaces and marks removed."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(header or "")).lower())


def field_for_header(header: object) -> ImportField | None:
    """The field a header names, or None for a header no synonym matches."""
    if not _SYNONYM_INDEX:
        for field, words in SYNONYMS.items():
            for word in words:
                _SYNONYM_INDEX.setdefault(header_word(word), field)
    word = header_word(header)
    if not word:
        return None
    found = _SYNONYM_INDEX.get(word)
    if found is not None:
        return found
    # "手机号码（必填）", "会员手机号*": the header contains a number word and nothing else known.
    for number_word in ("手机号码", "手机号", "手机", "mobile", "phone"):
        if word.startswith(number_word) or word.endswith(number_word):
            return ImportField.NUMBER
    return None


def custom_field(header: object) -> str:
    """``custom:<key>`` for a header kept as a custom field (the key is the trimmed header)."""
    key = unicodedata.normalize("NFKC", str(header or "")).strip()[:CUSTOM_KEY_MAX]
    return CUSTOM_PREFIX + key if key else ImportField.IGNORE.value


def parse_field(value: str) -> str:
    """Validate a mapping value typed by the user (``--map 门店=custom:store``)."""
    raw = value.strip()
    if raw.startswith(CUSTOM_PREFIX):
        key = raw[len(CUSTOM_PREFIX) :].strip()
        if not key or len(key) > CUSTOM_KEY_MAX:
            raise ValidationError(f"Bad custom field name: {value!r}", field=value)
        return CUSTOM_PREFIX + key
    try:
        return ImportField(raw.lower()).value
    except ValueError:
        synonym = field_for_header(raw)
        if synonym is not None:
            return synonym.value
        raise ValidationError(f"Unknown field: {value!r}", field=value) from None


def is_custom(field: str) -> bool:
    return field.startswith(CUSTOM_PREFIX)


def custom_key(field: str) -> str:
    return field[len(CUSTOM_PREFIX) :]


class ExportColumn(StrEnum):
    NUMBER = "number"
    NAME = "name"
    TAGS = "tags"
    BIRTHDAY = "birthday"
    NOTES = "notes"
    FIRST_PURCHASE = "first_purchase"
    LAST_PURCHASE = "last_purchase"
    PURCHASE_COUNT = "purchase_count"
    PURCHASE_TOTAL = "purchase_total"
    CONSENT_SCOPE = "consent_scope"
    CONSENT_METHOD = "consent_method"
    CONSENT_TIME = "consent_time"
    CONSENT_SOURCE = "consent_source"
    OPTED_OUT = "opted_out"
    SUSPECT = "suspect"
    TIER_OVERRIDE = "tier_override"
    TIER = "tier"
    CARRIER = "carrier"
    PROVINCE = "province"
    CITY = "city"


# Headers the exporter writes; each reads back as the matching field (a test checks it).
EXPORT_HEADERS: dict[str, dict[ExportColumn, str]] = {
    "zh": {
        ExportColumn.NUMBER: "手机号码",
        ExportColumn.NAME: "姓名",
        ExportColumn.TAGS: "标签",
        ExportColumn.BIRTHDAY: "生日",
        ExportColumn.NOTES: "备注",
        ExportColumn.FIRST_PURCHASE: "首次消费",
        ExportColumn.LAST_PURCHASE: "最近消费",
        ExportColumn.PURCHASE_COUNT: "消费次数",
        ExportColumn.PURCHASE_TOTAL: "累计消费",
        ExportColumn.CONSENT_SCOPE: "授权范围",
        ExportColumn.CONSENT_METHOD: "授权方式",
        ExportColumn.CONSENT_TIME: "授权时间",
        ExportColumn.CONSENT_SOURCE: "授权来源",
        ExportColumn.OPTED_OUT: "已退订",
        ExportColumn.SUSPECT: "可疑号码",
        ExportColumn.TIER_OVERRIDE: "手动分层",
        ExportColumn.TIER: "分层",
        ExportColumn.CARRIER: "运营商",
        ExportColumn.PROVINCE: "省份",
        ExportColumn.CITY: "城市",
    },
    "en": {
        ExportColumn.NUMBER: "Mobile",
        ExportColumn.NAME: "Name",
        ExportColumn.TAGS: "Tags",
        ExportColumn.BIRTHDAY: "Birthday",
        ExportColumn.NOTES: "Notes",
        ExportColumn.FIRST_PURCHASE: "First purchase",
        ExportColumn.LAST_PURCHASE: "Last purchase",
        ExportColumn.PURCHASE_COUNT: "Purchase count",
        ExportColumn.PURCHASE_TOTAL: "Total spent",
        ExportColumn.CONSENT_SCOPE: "Consent scope",
        ExportColumn.CONSENT_METHOD: "Consent method",
        ExportColumn.CONSENT_TIME: "Consent time",
        ExportColumn.CONSENT_SOURCE: "Consent source",
        ExportColumn.OPTED_OUT: "Opted out",
        ExportColumn.SUSPECT: "Suspect",
        ExportColumn.TIER_OVERRIDE: "Tier override",
        ExportColumn.TIER: "Tier",
        ExportColumn.CARRIER: "Carrier",
        ExportColumn.PROVINCE: "Province",
        ExportColumn.CITY: "City",
    },
}

# What each exported column reads back as.
EXPORT_READS_AS: dict[ExportColumn, ImportField] = {
    ExportColumn.NUMBER: ImportField.NUMBER,
    ExportColumn.NAME: ImportField.NAME,
    ExportColumn.TAGS: ImportField.TAGS,
    ExportColumn.BIRTHDAY: ImportField.BIRTHDAY,
    ExportColumn.NOTES: ImportField.NOTES,
    ExportColumn.FIRST_PURCHASE: ImportField.FIRST_PURCHASE,
    ExportColumn.LAST_PURCHASE: ImportField.PURCHASE_DATE,
    ExportColumn.PURCHASE_COUNT: ImportField.PURCHASE_COUNT,
    ExportColumn.PURCHASE_TOTAL: ImportField.PURCHASE_AMOUNT,
    ExportColumn.CONSENT_SCOPE: ImportField.CONSENT_SCOPE,
    ExportColumn.CONSENT_METHOD: ImportField.CONSENT_METHOD,
    ExportColumn.CONSENT_TIME: ImportField.CONSENT_TIME,
    ExportColumn.CONSENT_SOURCE: ImportField.CONSENT_SOURCE,
    ExportColumn.OPTED_OUT: ImportField.OPTED_OUT,
    ExportColumn.SUSPECT: ImportField.SUSPECT,
    ExportColumn.TIER_OVERRIDE: ImportField.TIER_OVERRIDE,
    ExportColumn.TIER: ImportField.IGNORE,
    ExportColumn.CARRIER: ImportField.IGNORE,
    ExportColumn.PROVINCE: ImportField.IGNORE,
    ExportColumn.CITY: ImportField.IGNORE,
}
