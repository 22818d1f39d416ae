"""Tokens resolve against a snapshot; an unknown token or year names itself and suggests close ones."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.reports import tokens
from beacon.reports.tokens import TokenError, catalogue, resolve, tokens_in


def snapshot() -> dict[str, Any]:
    def year(label: str, target: int | None, delivered: int) -> dict[str, Any]:
        return {"year": label, "target": target, "approved": 150_000_000, "forecast": 130_000_000,
                "delivered": delivered, "gap": None if target is None else target - 130_000_000, "brag": ""}

    return {
        "front": {"date": "2024-03-21", "meeting_date": "2024-03-21"},
        "savings": {
            "years": ["2024/25", "2025/26"],
            "by_year": [year("2024/25", 120_000_000, 120_000_000), year("2025/26", None, 0)],
            "total": {"target": 120_000_000, "approved": 300_000_000, "forecast": 260_000_000,
                      "delivered": 120_000_000, "gap": -140_000_000, "proposed": 0, "brag": ""},
        },
        "projects": {"count": 2000, "red": 12, "amber": 30},
        "milestones": {"late": 7},
        "risks": {"open": 40, "top": [{}] * 10},
        "decision": {"key": True},
        "rag": {"overall": {"label": "Amber"}},
    }


@pytest.mark.parametrize(("text", "expected"), [
    ("[[savings.delivered 2024/25]]", "£1,200,000"),
    ("[[savings.target 2024/25]]", "£1,200,000"),
    ("[[savings.approved 2024/25]]", "£1,500,000"),
    ("[[savings.forecast 2025/26]]", "£1,300,000"),
    ("[[savings.gap 2024/25]]", "-£100,000"),
    ("[[savings.target 2025/26]]", "not set"),
    ("[[savings.total.delivered]]", "£1,200,000"),
    ("[[ projects.count ]]", "2,000"),
    ("[[projects.red]]", "12"),
    ("[[projects.amber]]", "30"),
    ("[[milestones.late]]", "7"),
    ("[[risks.top.count]]", "10"),
    ("[[key_decision]]", "Yes"),
    ("[[meeting.date]]", "21 March 2024"),
])
def test_each_kind(text: str, expected: str) -> None:
    assert resolve(f"We saved {text}.", snapshot()) == f"We saved {expected}."


def test_key_decision_no_without_a_decision() -> None:
    data = snapshot() | {"decision": None}
    assert resolve("[[key_decision]]", data) == "No"


def test_unknown_token_names_it_and_suggests() -> None:
    with pytest.raises(TokenError) as raised:
        resolve("Text [[savings.delivred 2024/25]] more", snapshot())
    message = str(raised.value)
    assert "[[savings.delivred 2024/25]]" in message
    assert "[[savings.delivered 2024/25]]" in message


def test_unknown_year() -> None:
    with pytest.raises(TokenError) as raised:
        resolve("[[savings.delivered 2031/32]]", snapshot())
    assert "2031/32" in str(raised.value)
    assert "2024/25" in str(raised.value)


def test_tokens_in_and_catalogue() -> None:
    assert tokens_in("a [[projects.red]] b [[savings.gap  2024/25]]") == ["projects.red", "savings.gap 2024/25"]
    rows = catalogue(snapshot())
    assert ("[[projects.red]]", "Open projects rated Red", "12") in rows
    assert any(token == "[[savings.delivered 2025/26]]" for token, _, _ in rows)
    for token, _, value in rows:
        assert resolve(token, snapshot()) == value
    assert tokens.errors("[[nope]] [[projects.red]]", snapshot())[0].token == "nope"
