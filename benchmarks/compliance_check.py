"""How long the compliance check of a 500-character template takes (target: median < 1 ms).

    python benchmarks/compliance_check.py [--runs 2000]

Every shipped word list is enabled, plus a user list of 2,000 entries written to a throw-away
data folder. The text is a realistic Chinese marketing template with prices, dates, an order
number, a variable, a link and a phone number, so every rule family has work to do. The first
check (which parses the lists and builds the automaton) is reported apart; the figure that
matters is the median of the checks after it, i.e. what each keystroke in the editor costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATE = (
    "【XX生鲜】{name}您好！今日18:00前下单，新鲜水果满59元免配送费，¥59.9起，全场8.5折，"
    "iPhone 15同款礼盒限量，订单号20250520123456可查物流。活动时间2025-05-20至2025-06-18，"
    "会员再享30%积分加倍。详情 t.cn/A6xYz 或致电 138 1234 5678。"
)


def template_of(length: int) -> str:
    body, tail = TEMPLATE, "拒收请回复R"
    while len(body) + len(tail) < length:
        body += "精选好物每日上新，到店出示兑换码{code}可领取试吃装一份。"
    return body[: length - len(tail)] + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--length", type=int, default=500)
    parser.add_argument("--user-words", type=int, default=2000)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="smsdesk-bench-"))
    os.environ["SMSDESK_HOME"] = str(home)
    words = home / "wordlists"
    words.mkdir(parents=True)
    (words / "user.txt").write_text(
        "# severity: warning\n"
        + "\n".join(f"自定义词{n:04d}" for n in range(args.user_words))
        + "\n",
        encoding="utf-8",
    )

    from smsdesk.core.compliance import wordlists
    from smsdesk.core.compliance.checker import CheckContext, check
    from smsdesk.core.compliance.variables import BUILTIN_SAMPLES

    text = template_of(args.length)
    context = CheckContext(variables=dict(BUILTIN_SAMPLES), recipient_values={"name": ["欧阳娜娜"]})
    lists = wordlists.index_for(None).lists
    entries = sum(len(word_list.entries) for word_list in lists)

    started = time.perf_counter()
    report = check(text, context)
    first = time.perf_counter() - started
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        check(text, context)
        timings.append(time.perf_counter() - started)
    timings.sort()
    median = statistics.median(timings)
    print(f"text: {len(text)} characters, {report.parts} parts, {len(report.findings)} findings")
    print(f"word lists: {len(lists)} ({entries} phrases, {args.user_words} in the user list)")
    print(f"first check (loads and indexes the lists): {first * 1000:.1f} ms")
    print(
        f"median {median * 1000:.3f} ms, p95 {timings[int(len(timings) * 0.95)] * 1000:.3f} ms, "
        f"min {timings[0] * 1000:.3f} ms over {args.runs} runs"
    )
    print("target: median < 1 ms:", "met" if median < 0.001 else "NOT met")


if __name__ == "__main__":
    main()
