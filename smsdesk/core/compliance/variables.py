"""Template variables: ``{name}``-style placeholders, rendering, and the vendors' own syntax.

Our templates use named placeholders (``{name}``, ``{coupon}``, ``{code}``): an ASCII letter or
underscore, then letters, digits or underscores. Alibaba Cloud wants ``${name}`` and Tencent
Cloud numbered ``{1}``, ``{2}``…; providers that take free text (Twilio, HTTP resellers, the
sandbox) get the rendered text, so their template is ours unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from smsdesk.core.compliance.length import is_gsm7
from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ValidationError

PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]{0,39})\}")
# Anything brace-shaped, to report what is not a valid placeholder: "${x}", "{1}", "{姓名}".
BRACED = re.compile(r"(\$?)\{([^{}\n]{0,40})\}")

# Variables every template may use: the contact's name, a per-recipient redemption code, and
# a campaign-wide coupon text. Contact custom fields add their keys.
BUILTIN_SAMPLES: dict[str, str] = {"name": "张先生", "code": "K7Q2M9", "coupon": "满100减20券"}


def variables_in(body: str) -> list[str]:
    """Placeholder names in order of first appearance, each once."""
    seen: dict[str, None] = {}
    for match in PLACEHOLDER.finditer(body):
        seen.setdefault(match.group(1), None)
    return list(seen)


def render(body: str, values: Mapping[str, str], *, strict: bool = True) -> str:
    """``body`` with every placeholder replaced by its value.

    With ``strict`` an unknown variable raises ``ValidationError`` (code in params
    ``variable``); without it the placeholder is left as written (previews).
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return str(values[name])
        if strict:
            raise ValidationError(f"unknown template variable {{{name}}}", variable=name)
        return match.group(0)

    return PLACEHOLDER.sub(replace, body)


def to_provider_syntax(body: str, kind: ProviderKind) -> tuple[str, list[str]]:
    """``(provider_text, ordered_names)``: the template in ``kind``'s placeholder syntax and the
    variable names in the order the provider expects their values.

    Tencent numbers variables by first appearance; a variable used twice keeps its number, so
    ``ordered_names[i]`` is the value for ``{i+1}``.
    """
    names = variables_in(body)
    if kind is ProviderKind.ALIYUN:
        return PLACEHOLDER.sub(lambda m: "${" + m.group(1) + "}", body), names
    if kind is ProviderKind.TENCENT:
        index = {name: position for position, name in enumerate(names, start=1)}
        return PLACEHOLDER.sub(lambda m: "{" + str(index[m.group(1)]) + "}", body), names
    return body, names


def provider_values(names: Iterable[str], values: Mapping[str, str]) -> list[str]:
    """Values in provider order (Tencent's ``TemplateParamSet``); a missing one raises."""
    missing = [name for name in names if name not in values]
    if missing:
        raise ValidationError(f"no value for {{{missing[0]}}}", variable=missing[0])
    return [str(values[name]) for name in names]


def _weight(value: str) -> tuple[bool, int]:
    # A value that forces UCS-2 hurts a GSM-7 text more than any length; then UTF-16 length.
    return (not is_gsm7(value), len(value.encode("utf-16-le")) // 2)


def worst_case_values(
    samples: Mapping[str, str], recipient_values: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """Per variable, the value that makes the message longest: the sample or any of the
    actual recipients' values."""
    worst = dict(samples)
    for name, values in (recipient_values or {}).items():
        for value in values:
            if name not in worst or _weight(value) > _weight(worst[name]):
                worst[name] = value
    return worst
