"""The committee report and the highlight report as documents: sections in the seeds' order, the options table,
the priorities ticked in words, tokens resolved, and a public version without the exempt parts."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.reports.builders import APPENDICES, COMMITTEE_SECTIONS, EXEMPT_APPENDIX, HIGHLIGHT_SECTIONS, build_document
from beacon.reports.document import BulletList, Document, Heading, KeyValues, Notice, Paragraph, Table
from beacon.reports.snapshot import take_snapshot
from beacon.reports.tests.reportworld import report_world

pytestmark = pytest.mark.django_db


def text_of(document: Document) -> str:
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Table):
            parts.extend(cell for row in block.rows for cell in row)
        elif isinstance(block, KeyValues):
            parts.extend(cell for row in block.rows for cell in row)
        elif isinstance(block, BulletList):
            parts.extend(block.items)
        elif hasattr(block, "text"):
            parts.append(block.text)
    return "\n".join(parts)


def table(document: Document, caption: str) -> Table:
    return next(b for b in document.blocks if isinstance(b, Table) and b.caption.startswith(caption))


def test_sections_in_order(world: Any) -> None:
    report = report_world(world, confidential=True)
    document = build_document(report, take_snapshot(report))
    headings = document.headings()
    assert headings[0] == "Approach to Transformation"
    numbered = [f"{n}. {title}" for n, title in enumerate(COMMITTEE_SECTIONS, start=1)]
    sections = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert sections[: len(numbered)] == numbered
    sub = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 3]
    assert sub[:2] == ["Financial: comments of the statutory finance officer (S151)",
                       "Legal: comments of the monitoring officer"]
    assert [h for h in headings if h.startswith("Appendix")] == [*APPENDICES, EXEMPT_APPENDIX]
    assert isinstance(document.blocks[1], Notice) and "paragraph 3" in document.blocks[1].text
    front = next(b for b in document.blocks if isinstance(b, KeyValues))
    assert dict(front.rows)["Key decision"] == "Yes"
    assert dict(front.rows)["Date"] == "21 March 2024"
    numbers = [b.number for b in document.blocks if isinstance(b, Paragraph) and b.number]
    assert numbers[:2] == ["1.1", "1.2"]  # the purpose, split on its blank line


def test_tokens_resolved(world: Any) -> None:
    report = report_world(world)
    text = text_of(build_document(report, take_snapshot(report)))
    assert "It delivers £100,000 in 2024/25." in text
    assert "The programme has 2 red projects." in text
    assert "[[" not in text


def test_options_and_priorities(world: Any) -> None:
    report = report_world(world)
    document = build_document(report, take_snapshot(report))
    options = table(document, "Alternative options")
    assert options.headers == ("Option", "Impact", "Risk")
    assert options.rows == (("Do nothing", "The gap is not closed", "Section 114 notice"),
                            ("Adopt the approach (recommended)", "Savings of £100m", "Capacity"))
    priorities = table(document, "Corporate priorities")
    assert {row[0]: row[1] for row in priorities.rows} == {"An open and enabling organisation": "Yes",
                                     "A great place for people to live": "No"}
    recommendations = next(b for b in document.blocks if isinstance(b, BulletList) and b.numbered)
    assert recommendations.items[0] == "Approve the approach."
    savings = table(document, "Savings by financial year")
    assert savings.rows[0][:5] == ("2024/25", "£400,000", "£300,000", "£300,000", "£100,000")


def test_public_version_omits_exempt_parts(world: Any) -> None:
    report = report_world(world, public=True)
    document = build_document(report, take_snapshot(report), public=True)
    text = text_of(document)
    assert EXEMPT_APPENDIX not in document.headings()
    assert "The sale price is secret." not in text
    assert "Secret depot closure" not in text and "Secret union dispute risk" not in text
    assert "exempt information" in text
    private = text_of(build_document(report, take_snapshot(report)))
    assert "The sale price is secret." in private


def test_public_flag_also_filters_a_private_snapshot(world: Any) -> None:
    report = report_world(world, confidential=True)
    text = text_of(build_document(report, take_snapshot(report), public=True))
    assert "Secret depot closure" not in text and "The sale price is secret." not in text


def test_highlight_report(world: Any) -> None:
    report = report_world(world, kind="highlight", title="Highlight report March 2024",
                          decisions_needed="Approve the depot business case\nAgree the digital budget")
    document = build_document(report, take_snapshot(report))
    numbered = [f"{n}. {title}" for n, title in enumerate(HIGHLIGHT_SECTIONS, start=1)]
    assert document.headings()[1:] == numbered
    text = text_of(document)
    assert "Overall status:" in text and "Approve the depot business case" in text
    assert "Against the MTFS target of £900,000" in text
