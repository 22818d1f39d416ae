"""The savings tracker's reads: the MTFS targets, and the savings positions of the organisation, its programmes,
workstreams and projects under the counting rule (``beacon.finance.counting``).

Every level is summed from the same grouped query, so a workstream's figures add up to its programme's and the
programmes' to the organisation's by construction; the number of queries does not grow with the number of
projects (the project breakdown is one page of projects at a time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Sum

from beacon.core import policy
from beacon.core.models import FinancialYear, Organisation
from beacon.core.money import financial_year_label
from beacon.finance import counting, rules
from beacon.finance.models import LineState, MtfsYear, SavingsLine
from beacon.programmes.models import Programme, Project, Workstream

PROJECTS_PER_PAGE = 25
FLAGS_SHOWN = 20
# States whose lines count in the tracker (the others' money has moved to another line, or nowhere).
COUNTED_STATES = frozenset({LineState.PROPOSED, LineState.APPROVED, LineState.DELIVERED})


def readable_lines(user: Any, organisation: Organisation) -> QuerySet[SavingsLine]:
    """The organisation's savings lines that ``user`` may read (a confidential project's lines only for those
    who may read the project)."""
    return policy.readable(SavingsLine.objects.filter(organisation=organisation), user)


def programme_target(year: MtfsYear) -> int:
    """What the programme must deliver in a year: its share where the MTFS sets one, else the whole saving
    required (the programme is then measured against all of it)."""
    if year.programme_target_pence is not None:
        return year.programme_target_pence
    return year.savings_required_pence


@dataclass
class Targets:
    """The programme targets of the MTFS that apply: per programme (None: an MTFS of no programme, which
    applies to the organisation), the latest MTFS with a programme target, and the years it spans."""

    by_programme: dict[int | None, dict[int, int]] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    mtfs: list[str] = field(default_factory=list)
    illustrative: bool = False

    def total(self) -> dict[int, int]:
        summed: dict[int, int] = {}
        for targets in self.by_programme.values():
            for year, pence in targets.items():
                summed[year] = summed.get(year, 0) + pence
        return summed


def programme_targets(organisation: Organisation, programme_id: int | None = None) -> Targets:
    """One query: the programme's share of the savings required, by year, from each programme's latest MTFS
    that sets one (an MTFS refreshed next year replaces this year's rather than adding to it)."""
    rows = MtfsYear.objects.filter(organisation=organisation, programme_target_pence__isnull=False)
    if programme_id is not None:
        rows = rows.filter(mtfs__programme_id=programme_id)
    found = list(rows.order_by().values_list(
        "mtfs_id", "mtfs__title", "mtfs__programme_id", "mtfs__start_year__start_year", "mtfs__end_year__start_year",
        "financial_year__start_year", "programme_target_pence", "illustrative",
    ))
    latest: dict[int | None, tuple[int, int]] = {}
    programme: int | None
    for mtfs_id, _, programme, start, *_ in found:
        if programme not in latest or (start, mtfs_id) > latest[programme]:
            latest[programme] = (start, mtfs_id)
    chosen = {mtfs_id for _, mtfs_id in latest.values()}
    targets = Targets()
    spans: dict[int, tuple[int, int, str]] = {}
    for mtfs_id, title, programme, start, end, year, pence, illustrative in found:
        if mtfs_id not in chosen:
            continue
        spans[mtfs_id] = (start, end, title)
        targets.by_programme.setdefault(programme, {})[year] = pence or 0
        targets.illustrative = targets.illustrative or illustrative
    if spans:
        first = min(start for start, _, _ in spans.values())
        last = max(end for _, end, _ in spans.values())
        targets.years = list(range(first, last + 1))
        targets.mtfs = sorted(title for _, _, title in spans.values())
    return targets


def level_rows(lines: QuerySet[SavingsLine]) -> list[counting.Row]:
    """The one grouped query of the tracker: money by (programme, workstream), year, recurrence and state. Every
    higher level is a sum of these groups (``counting.combined``), never a query of its own."""
    # Grouped by the year's id, not its start year: a join fewer over every line; the ids are mapped after.
    start_years = dict(FinancialYear.objects.values_list("pk", "start_year"))
    summed = (
        lines.filter(state__in=COUNTED_STATES)  # the others count nothing: no need to add them up
        .order_by()
        .values_list("project__programme_id", "project__workstream_id", "financial_year_id", "recurrence", "state")
        .annotate(amount=Sum("amount_pence"), expected=Sum(counting.expected_expression()),
                  delivered=Sum("delivered_pence"))
    )
    return [
        counting.Row((programme, workstream), start_years[year], recurrence, state, amount or 0, expected or 0,
                     delivered or 0)
        for programme, workstream, year, recurrence, state, amount, expected, delivered in summed
    ]


@dataclass
class Group:
    """One row group of a breakdown: a programme, a workstream (None: no workstream) or a project."""

    key: Any
    title: str
    position: counting.Position
    code: str = ""
    confidential: bool = False


@dataclass
class Tracker:
    years: list[int]
    overall: counting.Position
    programmes: list[Group]
    workstreams: list[Group]
    targets: Targets
    outside_pence: int = 0
    illustrative: bool = False
    flags: list[rules.DoubleCount] = field(default_factory=list)
    flag_count: int = 0
    projects: list[Group] = field(default_factory=list)
    project_page: Page | None = None

    @property
    def year_labels(self) -> list[tuple[int, str]]:
        return [(year, financial_year_label(year)) for year in self.years]


def tracker(
    lines: QuerySet[SavingsLine], organisation: Organisation, *, all_lines: QuerySet[SavingsLine],
    programme_id: int | None = None, use_targets: bool = True, project_page: int | str | None = None,
) -> Tracker:
    """The savings tracker of ``lines`` (readable and filtered). ``all_lines`` (readable, unfiltered) are checked
    for double counting, which concerns the whole organisation whatever the filters. Targets come from the MTFS
    (of ``programme_id`` alone, if given) unless ``use_targets`` is false (a workstream has no target of its own).
    With ``project_page``, one page of the breakdown by project too."""
    targets = programme_targets(organisation, programme_id) if use_targets else Targets()
    rows = level_rows(lines)
    years = targets.years or sorted({row.year for row in rows})
    if years:
        years = list(range(years[0], years[-1] + 1))
    shown = set(years)
    by_pair = cast(dict[tuple[int, int | None], counting.Position], counting.positions(rows, years))
    overall = counting.combined(by_pair.values(), years, targets.total() if use_targets else None)
    programme_ids = sorted({programme for programme, _ in by_pair})
    workstream_ids = sorted({workstream for _, workstream in by_pair if workstream is not None})
    programme_titles = dict(Programme.objects.filter(pk__in=programme_ids).values_list("pk", "title"))
    workstreams = {
        pk: (code, title)
        for pk, code, title in Workstream.objects.filter(pk__in=workstream_ids).values_list("pk", "code", "title")
    }
    programmes = [
        Group(pk, programme_titles.get(pk, ""), counting.combined(
            [position for (programme, _), position in by_pair.items() if programme == pk], years,
            targets.by_programme.get(pk) if use_targets else None,
        ))
        for pk in programme_ids
    ]
    by_workstream = [
        Group(workstream, workstreams[workstream][1], position, code=workstreams[workstream][0])
        for (_, workstream), position in by_pair.items() if workstream is not None
    ]
    loose = [position for (_, workstream), position in by_pair.items() if workstream is None]
    if loose:
        by_workstream.append(Group(None, "No workstream", counting.combined(loose, years)))
    result = Tracker(
        years=years, overall=overall, targets=targets,
        programmes=sorted(programmes, key=lambda group: group.title),
        workstreams=sorted(by_workstream, key=lambda group: (group.key is None, group.code, group.title)),
        outside_pence=sum(row.amount for row in rows if row.year not in shown and row.state in COUNTED_STATES),
    )
    result.illustrative = targets.illustrative or lines.filter(illustrative=True).exists()
    result.flags, result.flag_count = rules.double_counting(all_lines, limit=FLAGS_SHOWN)
    if project_page is not None:
        result.project_page, result.projects = projects_breakdown(lines, years, project_page)
    return result


def projects_breakdown(
    lines: QuerySet[SavingsLine], years: list[int], page_number: int | str
) -> tuple[Page, list[Group]]:
    """One page of the projects that hold ``lines``, by code, each with its position: four queries."""
    projects = (
        Project.objects.filter(pk__in=lines.values("project_id"))
        .order_by("code", "title", "pk")
        .only("pk", "code", "title", "confidential")
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    rows = counting.rows_by(lines.filter(project_id__in=[project.pk for project in shown]), "project_id")
    positions = counting.positions(rows, years)
    groups = [
        Group(project.pk, project.title, positions[project.pk], code=project.code, confidential=project.confidential)
        for project in shown
    ]
    return page, groups


def project_position(lines: QuerySet[SavingsLine]) -> counting.Position:
    """One project's (or any set of lines') position over the years its lines span."""
    rows = counting.rows_by(lines, None)
    found = sorted({row.year for row in rows})
    years = list(range(found[0], found[-1] + 1)) if found else []
    return counting.positions(rows, years, {None: {}})[None]
