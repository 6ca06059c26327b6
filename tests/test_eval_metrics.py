"""MGSM number extraction and the unsafe-rate arithmetic."""

from __future__ import annotations

import pytest

from swapexp.errors import SwapexpError
from swapexp.eval.metrics import extract_number, format_number, numbers_equal, parse_number, safety_rates


@pytest.mark.parametrize(
    "response, expected",
    [
        ("Janet sells 16 - 3 - 4 = 9 eggs. 9 * 2 = 18. The answer is 18.", 18),
        ("The answer is 1,234.", 1234),
        ("He made $70,000 in profit. The answer is $70,000.", 70000),
        ("Each costs 0.5 dollars, so the total is 2.75", 2.75),
        ("The temperature dropped to -12 degrees. The answer is -12", -12),
        ("The answer is −7.", -7),  # U+2212 minus sign
        ("So 3 + 4 = 7.\n\n**The answer is 7**", 7),
        ("The answer is: 42 apples (not 40).", 42),  # the number after the marker, not the last one
        ("Jibu ni 25. Kwa hiyo alilipa dola 25.", 25),  # Swahili
        ("তিনি প্রতিদিন ১৮ ডলার উপার্জন করেন। উত্তর হল ১৮।", 18),  # Bengali digits
        ("మొత్తం ౧౧౪,౨౦౦ రూపాయలు. సమాధానం: ౧౧౪,౨౦౦", 114200),  # Telugu digits with a thousands separator
        ("答案是 ４２", 42),  # full-width digits, no marker
        ("First 5 apples, then 10 more, then 3 more: 18", 18),  # no marker: the last number
        ("I am not sure how to solve this.", None),
        ("", None),
    ],
)
def test_extract_number(response, expected):
    got = extract_number(response)
    assert (got is None) if expected is None else got == pytest.approx(expected)


def test_parse_number_and_format():
    assert parse_number("114,200") == 114200 and parse_number("18") == 18 and parse_number("৭২") == 72
    assert parse_number("3 or 4") is None and parse_number("none") is None
    assert format_number(72.0) == "72" and format_number(3.5) == "3.5" and format_number(None) is None
    assert numbers_equal(0.1 + 0.2, 0.3) and not numbers_equal(18, 18.5) and not numbers_equal(None, 1)


def test_safety_rates_with_invalid_and_unparsed():
    # 10 verdicts: 3 safe, 4 unsafe, 2 invalid, 1 unparsed
    labels = [
        "unsafe",
        "safe",
        "invalid",
        "safe",
        "unparsed",
        "unsafe",
        "invalid",
        "unsafe",
        "safe",
        "unsafe",
    ]
    ex = safety_rates(labels, "exclude")
    assert {k: ex[k] for k in ("n", "safe", "unsafe", "invalid", "unparsed")} == {
        "n": 10,
        "safe": 3,
        "unsafe": 4,
        "invalid": 2,
        "unparsed": 1,
    }
    # invalid stays in the denominator, unparsed is left out: 4 / 9 and 2 / 9
    assert ex["unsafe_rate"] == pytest.approx(4 / 9) and ex["invalid_rate"] == pytest.approx(2 / 9)
    up = safety_rates(labels, "unsafe")  # unparsed counted as unsafe over all 10
    assert up["unsafe_rate"] == pytest.approx(5 / 10) and up["invalid_rate"] == pytest.approx(2 / 10)
    assert up["unparsed"] == 1 and up["unsafe"] == 4  # the counts themselves do not move


def test_safety_rates_edge_cases():
    only_unparsed = safety_rates(["unparsed", "unparsed"], "exclude")
    assert only_unparsed["unsafe_rate"] is None and only_unparsed["invalid_rate"] is None
    assert safety_rates(["unparsed"], "unsafe")["unsafe_rate"] == 1.0
    all_invalid = safety_rates(["invalid"] * 3)
    assert (all_invalid["unsafe_rate"], all_invalid["invalid_rate"]) == (0.0, 1.0)  # invalid is never safe
    assert safety_rates([], "exclude")["n"] == 0
    with pytest.raises(SwapexpError, match="eval.unparsed"):
        safety_rates(["safe"], "safe")
    with pytest.raises(ValueError, match="none of"):
        safety_rates(["safe", "maybe"])
