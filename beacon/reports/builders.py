"""The committee report and the highlight report as a ``Document`` (PRODUCT C7).

The committee report follows the structure of the seeds (Chorley's "Transformation Strategy", Executive
Cabinet 21 January 2016; Cheshire East's "Approach to Transformation", Corporate Policy Committee 21 March
2024): front matter, then numbered sections whose paragraphs are numbered "1.1", "1.2", then appendices of
figures. Every figure comes from the snapshot, every narrative from the report with its tokens resolved against
the snapshot, so that building again from a frozen snapshot gives the same document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from beacon.core.money import pounds_text
from beacon.reports import tokens
from beacon.reports.document import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    KeyValues,
    Notice,
    PageBreak,
    Paragraph,
    Table,
)
from beacon.reports.models import Report, ReportKind

EXEMPT_OMITTED = (
    "This is the public version of the report: exempt information (Schedule 12A, Local Government Act 1972) "
    "and confidential projects and risks are omitted."
)
COMMITTEE_SECTIONS = (
    "Purpose of the report",
    "Executive summary",
    "Recommendations",
    "Reasons for recommendations",
    "Alternative options considered and rejected",
    "Corporate priorities",
    "Background",
    "Key decision",
    "Implications",
    "Background papers",
    "Report author",
)
APPENDICES = (
    "Appendix A: Savings by financial year",
    "Appendix B: Status by workstream",
    "Appendix C: Exceptions",
    "Appendix D: Top risks",
    "Appendix E: Equality impact summary",
)
EXEMPT_APPENDIX = "Appendix F: Exempt information"
HIGHLIGHT_SECTIONS = (
    "Overall status",
    "Status by workstream",
    "Savings position against the MTFS",
    "Exceptions",
    "Late milestones",
    "Top risks",
    "Decisions needed",
)
OTHER_IMPLICATIONS = ("rural", "children", "public_health", "climate", "other")


def paragraphs(text: str, snapshot: dict[str, Any]) -> list[str]:
    """Narrative text, tokens resolved, split into paragraphs on blank lines (single line breaks are kept as
    spaces, as a word processor would)."""
    resolved = tokens.resolve(text or "", snapshot)
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", resolved.strip()) if part.strip()]


def lines(text: str, snapshot: dict[str, Any]) -> list[str]:
    """One item a line (recommendations, background papers, decisions needed), tokens resolved."""
    resolved = tokens.resolve(text or "", snapshot)
    return [line.strip().lstrip("-•").strip() for line in resolved.splitlines() if line.strip()]


def long_date(iso: str | None) -> str:
    return tokens.long_date(iso)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


class Sections:
    """Numbered sections: ``section`` opens section n; ``para`` adds paragraph n.m."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.number = 0
        self.paragraph = 0

    def section(self, title: str) -> None:
        self.number += 1
        self.paragraph = 0
        self.document.add(Heading(f"{self.number}. {title}", level=2))

    def para(self, text: str, *, emphasis: bool = False) -> None:
        self.paragraph += 1
        self.document.add(Paragraph(text, number=f"{self.number}.{self.paragraph}", emphasis=emphasis))

    def paras(self, texts: Sequence[str], empty: str = "") -> None:
        for text in texts or ([empty] if empty else []):
            self.para(text)

    def add(self, *blocks: Block) -> None:
        self.document.add(*blocks)


def section_title(heading: str) -> str:
    """"Purpose of the report" from "1. Purpose of the report"."""
    return re.sub(r"^\d+\.\s*", "", heading)


def build_document(report: Report, snapshot: dict[str, Any], *, public: bool = False) -> Document:
    """The report in the seeds' structure (or a highlight report when ``report.kind == "highlight"``), its
    tokens resolved against ``snapshot`` (``tokens.TokenError`` on an unknown token). ``public=True`` leaves
    out the exempt appendix and confidential projects and risks, and says that exempt information is omitted.

    Only the snapshot's figures are used, never a query, so that an issued report builds again the same."""
    document = Document(title=report.title, organisation=snapshot.get("organisation", ""))
    document.add(Heading(report.title, level=1))
    front = snapshot["front"]
    if front["confidential"] and not public:
        document.add(Notice(f"Confidential: exempt information under {front['exempt_paragraph']} of "
                            "Schedule 12A to the Local Government Act 1972"))
    if public:
        document.add(Notice(EXEMPT_OMITTED))
    if front.get("illustrative") or snapshot["savings"].get("illustrative"):
        document.add(Paragraph("Illustrative: some figures in this report are illustrative demo data.",
                               emphasis=True))
    if report.kind == ReportKind.HIGHLIGHT:
        _highlight(document, report, snapshot, public)
    else:
        _committee(document, report, snapshot, public)
    return document


def _front_matter(report: Report, snapshot: dict[str, Any], public: bool) -> KeyValues:
    front = snapshot["front"]
    decision = snapshot.get("decision")
    confidential = "No"
    if front["confidential"]:
        confidential = f"Yes: exempt under {front['exempt_paragraph']} of Schedule 12A, Local Government Act 1972"
    rows: list[tuple[str, str]] = [
        ("Report of", front["report_of"] or "Not stated"),
        ("Meeting", front["meeting"] or front["decision_maker"] or "Not stated"),
        ("Date", long_date(front["date"] or front["meeting_date"]) or "Not set"),
        ("Decision maker", front["decision_maker"] or "Not stated"),
        ("Wards affected", front["wards_affected"] or "Not stated"),
        ("Key decision", yes_no(bool(decision and decision["key"]))),
        ("Confidential", confidential),
    ]
    if report.kind == ReportKind.HIGHLIGHT and front.get("reporting_period"):
        rows.insert(2, ("Reporting period", front["reporting_period"]))
    return KeyValues(tuple(rows), caption="About this report")


def _committee(document: Document, report: Report, snapshot: dict[str, Any], public: bool) -> None:
    decision = snapshot.get("decision")
    document.add(_front_matter(report, snapshot, public))
    out = Sections(document)

    out.section("Purpose of the report")
    out.paras(paragraphs(report.purpose, snapshot), "Not written yet.")

    out.section("Executive summary")
    out.paras(paragraphs(report.executive_summary, snapshot), "Not written yet.")

    out.section("Recommendations")
    recommendations = lines(report.recommendations, snapshot)
    if not recommendations and decision and decision["recommendation"]:
        recommendations = lines(decision["recommendation"], snapshot)
    out.para(f"The {front_body(snapshot)} is recommended:" if recommendations else "No recommendation.")
    if recommendations:
        out.add(BulletList(tuple(recommendations), numbered=True))

    out.section("Reasons for recommendations")
    out.paras(paragraphs(report.reasons, snapshot), "Not written yet.")

    out.section("Alternative options considered and rejected")
    options = decision["options"] if decision else []
    if options:
        out.para("The options considered, with their impact and risk:")
        out.add(Table(
            "Alternative options considered and rejected", ("Option", "Impact", "Risk"),
            tuple((
                option["option"] + (" (recommended)" if option["recommended"] else ""),
                option["impact"] or "Not stated", option["risk"] or "Not stated",
            ) for option in options),
        ))
    else:
        out.para("No alternative options are recorded.")

    out.section("Corporate priorities")
    priorities = snapshot["priorities"]
    if priorities:
        out.para("This report relates to the following strategic objectives:")
        out.add(Table(
            "Corporate priorities this report supports", ("Strategic objective", "Supported by this report"),
            tuple((p["title"], yes_no(p["ticked"])) for p in priorities),
        ))
    else:
        out.para("The organisation has recorded no strategic objectives.")

    out.section("Background")
    out.paras(paragraphs(report.background, snapshot), "Not written yet.")

    out.section("Key decision")
    if decision:
        out.para(f"Key decision: {yes_no(decision['key'])}", emphasis=True)
        if decision["criteria"]:
            out.para("The key-decision criteria met: " + "; ".join(decision["criteria"]) + ".")
        else:
            out.para("None of the key-decision criteria is met.")
        out.para(f"Forward plan: {decision['notice']}.".replace("..", "."))
    else:
        out.para("Key decision: No. The report asks for no decision.", emphasis=True)

    out.section("Implications")
    _implications(out, report, snapshot)

    out.section("Background papers")
    papers = lines(report.background_papers, snapshot)
    if papers:
        out.add(BulletList(tuple(papers)))
    else:
        out.para("There are no background papers to this report.")

    out.section("Report author")
    author = ", ".join(filter(None, [report.author_title, report.author_contact])) or "Not stated"
    out.para(author)

    _appendices(document, snapshot, public)
    if report.exempt_appendix.strip() and not public:
        document.add(PageBreak(), Heading(EXEMPT_APPENDIX, level=2))
        document.add(Notice(f"Exempt under {report.exempt_paragraph} of Schedule 12A, Local Government Act 1972: "
                            "not for publication"))
        for text in paragraphs(report.exempt_appendix, snapshot):
            document.add(Paragraph(text))


def front_body(snapshot: dict[str, Any]) -> str:
    return snapshot["front"]["decision_maker"] or snapshot["front"]["meeting"] or "decision maker"


def _implications(out: Sections, report: Report, snapshot: dict[str, Any]) -> None:
    """Finance (with the S151 officer's comments), legal (the monitoring officer's), HR, equality, risk, others:
    the report's own words, and the decision's recorded implications after them."""
    decision = snapshot.get("decision") or {}
    recorded: dict[str, list[dict[str, str]]] = {}
    for item in decision.get("implications", []):
        recorded.setdefault(item["kind"], []).append(item)
    parts: list[tuple[str, str, tuple[str, ...]]] = [
        ("Financial: comments of the statutory finance officer (S151)", report.finance_comments, ("finance",)),
        ("Legal: comments of the monitoring officer", report.legal_comments, ("legal",)),
        ("Human resources", report.hr_implications, ("hr",)),
        ("Equality and diversity", report.equality_implications, ("equality",)),
        ("Risk", report.risk_implications, ("risk",)),
        ("Other implications", report.other_implications, OTHER_IMPLICATIONS),
    ]
    for title, text, kinds in parts:
        out.add(Heading(title, level=3))
        said = paragraphs(text, snapshot)
        for kind in kinds:
            for item in recorded.get(kind, []):
                prefix = f"{item['label']}: " if len(kinds) > 1 else ""
                said.extend(prefix + text for text in paragraphs(item["text"], snapshot))
                if item["officer_comments"]:
                    who = item["officer_title"] or "The officer"
                    said.append(f"{who} comments: " + " ".join(paragraphs(item["officer_comments"], snapshot)))
        out.paras(said, "None.")
    equality = snapshot["equality"]
    if equality["stage_warnings"]:
        out.para(f"{equality['stage_warnings']:,} projects are at a key stage without a current equality impact "
                 "assessment (Appendix E).")


# Appendices -------------------------------------------------------------------------------------------------------


def _money_or_dash(pence: int | None) -> str:
    return "No target" if pence is None else pounds_text(pence)


def savings_table(snapshot: dict[str, Any]) -> Table:
    savings = snapshot["savings"]
    rows = [
        (row["year"], _money_or_dash(row["target"]), pounds_text(row["approved"]), pounds_text(row["forecast"]),
         pounds_text(row["delivered"]), _money_or_dash(row["gap"]), brag_words(row["brag"]))
        for row in savings["by_year"]
    ]
    total = savings["total"]
    rows.append(("Total", _money_or_dash(total["target"]), pounds_text(total["approved"]),
                 pounds_text(total["forecast"]), pounds_text(total["delivered"]), _money_or_dash(total["gap"]), ""))
    return Table(
        "Savings by financial year: new saving in each year against the MTFS target",
        ("Financial year", "Target (MTFS)", "Approved", "Forecast", "Delivered", "Gap", "Status"),
        tuple(rows), numeric=(1, 2, 3, 4, 5),
    )


def brag_words(brag: str) -> str:
    return {"blue": "Blue: delivered", "green": "Green: forecast meets target",
            "amber": "Amber: forecast within 10% of target", "red": "Red: forecast short of target"}.get(brag, "")


def savings_figure(snapshot: dict[str, Any]) -> Figure | None:
    """A bar chart of target, forecast and delivered by year, if the figure module is there (it draws with
    matplotlib); None otherwise, and the table stands alone."""
    try:
        from beacon.reports.figures import figure  # noqa: PLC0415 - optional until the figures module lands
    except ImportError:
        return None
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure  # noqa: PLC0415

    rows = snapshot["savings"]["by_year"]
    if not rows:
        return None
    years = [row["year"] for row in rows]
    series = [("Target", "target", "#505a5f"), ("Forecast", "forecast", "#1d70b8"), ("Delivered", "delivered",
                                                                                      "#00703c")]
    chart = MplFigure(figsize=(8, 4))
    axes = chart.subplots()
    width = 0.27
    for index, (label, key, colour) in enumerate(series):
        axes.bar([i + (index - 1) * width for i in range(len(years))],
                 [(row[key] or 0) / 100_000_000 for row in rows], width, label=label, color=colour)
    axes.set_xticks(range(len(years)), years)
    axes.set_ylabel("£ million")
    axes.legend()
    alt = "Bar chart of the savings target, forecast and delivered by financial year: " + "; ".join(
        f"{row['year']} target {_money_or_dash(row['target'])}, forecast {pounds_text(row['forecast'])}, "
        f"delivered {pounds_text(row['delivered'])}" for row in rows
    )
    result: Figure = figure(chart, alt=alt, caption="Savings by financial year", chart_id="savings-by-year")
    return result


def rag_table(snapshot: dict[str, Any]) -> Table:
    return Table(
        "Status by workstream, rolled up from its open projects",
        ("Workstream", "Status", "Why", "Reported status"),
        tuple(
            (" ".join(filter(None, [row["code"], row["title"]])), row["label"], row["explanation"],
             (row["reported"] or "Not reported") + (f". {row['contradiction']}" if row["contradiction"] else ""))
            for row in snapshot["rag"]["workstreams"]
        ),
    )


def exceptions_table(snapshot: dict[str, Any], public: bool) -> Table:
    items = [item for item in snapshot["projects"]["exceptions"] if not (public and item["confidential"])]
    return Table(
        "Red and amber projects", ("Project", "Workstream", "Delivery confidence", "Commentary"),
        tuple((" ".join(filter(None, [item["code"], item["title"]])), item["workstream"] or "None",
               item["confidence_label"], item["commentary"] or "None") for item in items),
    )


def milestones_table(snapshot: dict[str, Any], public: bool) -> Table:
    items = [item for item in snapshot["milestones"]["list"] if not (public and item["confidential"])]
    return Table(
        "Late milestones", ("Milestone", "Project", "Due", "Days late"),
        tuple((item["title"], item["project"], long_date(item["due_date"]), f"{item['days_late']:,}")
              for item in items),
        numeric=(3,),
    )


def risks_table(snapshot: dict[str, Any], public: bool) -> Table:
    items = [item for item in snapshot["risks"]["top"] if not (public and item["confidential"])]
    return Table(
        "Top risks by residual score (after controls)", ("Risk", "Owner", "Residual score", "Mitigations"),
        tuple((" ".join(filter(None, [item["code"], item["title"]])), item["owner"] or "Not stated",
               item["score_words"], item["mitigations"] or "None recorded") for item in items),
    )


def equality_table(snapshot: dict[str, Any]) -> Table:
    return Table(
        "Cumulative impact of the programme on each group (current assessments of open projects)",
        ("Group", "Positive", "Neutral", "Negative", "Unknown"),
        tuple((row["title"], str(row["positive"]), str(row["neutral"]), str(row["negative"]), str(row["unknown"]))
              for row in snapshot["equality"]["groups"]),
        numeric=(1, 2, 3, 4),
    )


def _listed(count: int, shown: int, noun: str) -> str:
    if count > shown:
        return f"There are {count:,} {noun}; the {shown:,} listed first are shown."
    return f"There are {count:,} {noun}."


def _appendices(document: Document, snapshot: dict[str, Any], public: bool) -> None:
    projects, milestones, risks = snapshot["projects"], snapshot["milestones"], snapshot["risks"]
    savings = snapshot["savings"]

    document.add(PageBreak(), Heading(APPENDICES[0], level=2))
    if savings["mtfs"]:
        document.add(Paragraph("Targets from the medium-term financial strategy: " + "; ".join(savings["mtfs"]) + "."))
    chart = savings_figure(snapshot)
    if chart is not None:
        document.add(chart)
    document.add(savings_table(snapshot))

    document.add(Heading(APPENDICES[1], level=2))
    overall = snapshot["rag"]["overall"]
    document.add(Paragraph(f"Programme: {overall['label']}. {overall['explanation']}", emphasis=True))
    if overall["contradiction"]:
        document.add(Paragraph(overall["contradiction"]))
    document.add(rag_table(snapshot))

    document.add(Heading(APPENDICES[2], level=2))
    document.add(Paragraph(
        f"Of {projects['count']:,} open projects, {projects['red']:,} are rated Red and {projects['amber']:,} "
        "Amber/Red or Amber."
    ))
    shown = len([item for item in projects["exceptions"] if not (public and item["confidential"])])
    document.add(Paragraph(_listed(projects["red"] + projects["amber"], shown, "red and amber projects")))
    if public and projects.get("exceptions_omitted_confidential"):
        document.add(Paragraph("Confidential projects are omitted from this public version."))
    document.add(exceptions_table(snapshot, public))
    document.add(Paragraph(_listed(milestones["late"], len(milestones["list"]), "late milestones")))
    document.add(milestones_table(snapshot, public))

    document.add(Heading(APPENDICES[3], level=2))
    document.add(Paragraph(f"The programme has {risks['open']:,} open risks; the highest by residual score are "
                           "listed."))
    document.add(risks_table(snapshot, public))

    document.add(Heading(APPENDICES[4], level=2))
    equality = snapshot["equality"]
    document.add(Paragraph(
        f"{equality['assessments']:,} current signed-off assessments of open projects count. "
        f"{equality['stage_warnings']:,} projects are at a key stage without a current assessment."
    ))
    document.add(equality_table(snapshot))


# The highlight report ---------------------------------------------------------------------------------------------


def _highlight(document: Document, report: Report, snapshot: dict[str, Any], public: bool) -> None:
    document.add(_front_matter(report, snapshot, public))
    out = Sections(document)
    overall = snapshot["rag"]["overall"]
    projects = snapshot["projects"]

    def overall_status() -> None:
        out.para(f"Overall status: {overall['label']}", emphasis=True)
        out.para(overall["explanation"])
        if overall["contradiction"]:
            out.para(overall["contradiction"])
        out.paras(paragraphs(report.executive_summary, snapshot))

    def workstreams() -> None:
        out.add(rag_table(snapshot))

    def savings() -> None:
        total = snapshot["savings"]["total"]
        if total["target"] is not None:
            out.para(f"Against the MTFS target of {pounds_text(total['target'])}, {pounds_text(total['forecast'])} "
                     f"is forecast and {pounds_text(total['delivered'])} delivered: a gap of "
                     f"{pounds_text(total['gap'])}.")
        else:
            out.para(f"No MTFS target is set; {pounds_text(total['forecast'])} is forecast and "
                     f"{pounds_text(total['delivered'])} delivered.")
        chart = savings_figure(snapshot)
        if chart is not None:
            out.add(chart)
        out.add(savings_table(snapshot))

    def exceptions() -> None:
        out.para(f"Of {projects['count']:,} open projects, {projects['red']:,} are rated Red and "
                 f"{projects['amber']:,} Amber/Red or Amber.")
        out.add(exceptions_table(snapshot, public))

    def late() -> None:
        out.para(_listed(snapshot["milestones"]["late"], len(snapshot["milestones"]["list"]), "late milestones"))
        out.add(milestones_table(snapshot, public))

    def risks() -> None:
        out.para(f"The programme has {snapshot['risks']['open']:,} open risks.")
        out.add(risks_table(snapshot, public))

    def decisions() -> None:
        needed = lines(report.decisions_needed, snapshot)
        if needed:
            out.add(BulletList(tuple(needed), numbered=True))
        else:
            out.para("No decisions are needed this month.")

    writers: tuple[Callable[[], None], ...] = (overall_status, workstreams, savings, exceptions, late, risks, decisions)
    steps = list(zip(HIGHLIGHT_SECTIONS, writers, strict=True))
    for title, step in steps:
        out.section(title)
        step()
