"""Tokens in a report's narrative, resolved against a snapshot (PRODUCT C7).

A token is written in double square brackets: ``[[savings.delivered 2024/25]]`` (a figure of one financial
year), ``[[savings.total.delivered]]`` (over the whole MTFS), ``[[projects.red]]``, ``[[key_decision]]``,
``[[meeting.date]]``. Money is written "£1,200,000", dates "21 March 2024". An unknown token, or a year the
report's figures do not cover, raises ``TokenError`` naming it and listing close valid tokens, so that an
officer sees the mistake before the report is issued, never a blank in the issued report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from beacon.core.money import pounds_text

TOKEN = re.compile(r"\[\[\s*([^\[\]]+?)\s*\]\]")
SAVINGS_COLUMNS = {
    "target": "the programme's savings target from the MTFS",
    "approved": "savings approved in the MTFS",
    "forecast": "savings forecast to be delivered",
    "delivered": "savings delivered (confirmed by finance)",
    "gap": "the gap: target less forecast (positive is a shortfall)",
}
CLOSE_SHOWN = 5


class TokenError(ValueError):
    """An unknown token or year: the message names it and lists close valid tokens."""

    def __init__(self, token: str, suggestions: list[str], reason: str = "is not a token Beacon knows") -> None:
        self.token = token
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(f'[[{s}]]' for s in suggestions)}?" if suggestions else ""
        super().__init__(f"[[{token}]] {reason}.{hint}")


def long_date(iso: str | None) -> str:
    """"21 March 2024" from "2024-03-21"; "" when there is no date."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def money(pence: int | None) -> str:
    return "not set" if pence is None else pounds_text(pence)


def _simple(snapshot: dict[str, Any]) -> dict[str, tuple[str, Callable[[], str]]]:
    """The tokens without a year: name -> (what it is, its value)."""
    total = snapshot["savings"]["total"]
    decision = snapshot.get("decision")
    front = snapshot["front"]
    entries: dict[str, tuple[str, Callable[[], str]]] = {
        f"savings.total.{column}": (f"Over the whole MTFS: {words}", partial(money, total[column]))
        for column, words in SAVINGS_COLUMNS.items()
    }
    entries.update({
        "projects.count": ("Open projects in the programme", lambda: f"{snapshot['projects']['count']:,}"),
        "projects.red": ("Open projects rated Red", lambda: f"{snapshot['projects']['red']:,}"),
        "projects.amber": ("Open projects rated Amber/Red or Amber", lambda: f"{snapshot['projects']['amber']:,}"),
        "milestones.late": ("Late milestones (due date passed, not done)",
                            lambda: f"{snapshot['milestones']['late']:,}"),
        "risks.top.count": ("Top risks listed in the report", lambda: f"{len(snapshot['risks']['top']):,}"),
        "risks.open": ("Open risks of the programme", lambda: f"{snapshot['risks']['open']:,}"),
        "key_decision": ("Whether the decision is a key decision",
                         lambda: "Yes" if decision and decision["key"] else "No"),
        "meeting.date": ("The meeting's date", lambda: long_date(front["date"] or front["meeting_date"])),
        "programme.status": ("The programme's rolled-up status", lambda: snapshot["rag"]["overall"]["label"]),
    })
    return entries


def _valid(snapshot: dict[str, Any]) -> list[str]:
    names = list(_simple(snapshot))
    for year in snapshot["savings"]["years"]:
        names.extend(f"savings.{column} {year}" for column in SAVINGS_COLUMNS)
    return names


def _close(token: str, snapshot: dict[str, Any]) -> list[str]:
    valid = _valid(snapshot)
    found = difflib.get_close_matches(token, valid, n=CLOSE_SHOWN, cutoff=0.5)
    if not found:
        prefix = token.split(".")[0].split(" ")[0]
        found = [name for name in valid if name.startswith(prefix)][:CLOSE_SHOWN]
    return found


def value_of(token: str, snapshot: dict[str, Any]) -> str:
    """The value of one token (without its brackets) in ``snapshot``; raises ``TokenError``."""
    token = " ".join(token.split())
    simple = _simple(snapshot)
    if token in simple:
        return simple[token][1]()
    name, _, year = token.partition(" ")
    column = name.removeprefix("savings.")
    if name.startswith("savings.") and column in SAVINGS_COLUMNS and year:
        for row in snapshot["savings"]["by_year"]:
            if row["year"] == year:
                return money(row[column])
        covered = ", ".join(snapshot["savings"]["years"]) or "none"
        raise TokenError(token, _close(token, snapshot),
                         f"names a financial year the programme's figures do not cover (they cover {covered})")
    raise TokenError(token, _close(token, snapshot))


def tokens_in(text: str) -> list[str]:
    """The tokens written in ``text``, without their brackets, in order."""
    return [" ".join(match.group(1).split()) for match in TOKEN.finditer(text or "")]


def resolve(text: str, snapshot: dict[str, Any]) -> str:
    """``text`` with every ``[[token]]`` replaced by its value in ``snapshot``; raises ``TokenError`` on the first
    unknown token or year."""
    return TOKEN.sub(lambda match: value_of(match.group(1), snapshot), text or "")


def errors(text: str, snapshot: dict[str, Any]) -> list[TokenError]:
    """Every unknown token of ``text`` (for a form that shows them all at once)."""
    found = []
    for token in tokens_in(text):
        try:
            value_of(token, snapshot)
        except TokenError as error:
            found.append(error)
    return found


def catalogue(snapshot: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(token, what it is, its value now) for every token the snapshot can resolve: the edit page's help."""
    rows = [(f"[[{name}]]", words, value()) for name, (words, value) in _simple(snapshot).items()]
    for year in snapshot["savings"]["years"]:
        for column, words in SAVINGS_COLUMNS.items():
            token = f"savings.{column} {year}"
            rows.append((f"[[{token}]]", f"{year}: {words}", value_of(token, snapshot)))
    return rows
