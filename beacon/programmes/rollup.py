"""Status roll-up from projects to workstreams and programmes (PRODUCT C2; the rule is ADR 0004).

``roll_up`` is a pure function of the ratings and the organisation's scale, so that the same rule serves the
live pages and the frozen snapshots of past reporting periods. ``organisation_roll_ups`` computes it for every
workstream and programme of an organisation from the projects a user may read, in a constant number of
queries.

The rule, on the organisation's own scale (five-point: Green, Amber/Green, Amber, Amber/Red, Red;
three-point: Green, Amber, Red), counting only rated projects:

1. The quarter rule: the status is the worst rating R such that a quarter or more of the rated projects are
   rated R or worse. (Green when no rating below Green reaches a quarter.)
2. The floor, so that red is never hidden: any Red project makes the status at least Amber; on the
   five-point scale any Amber/Red project makes it at least Amber/Green. The status is the worse of 1 and 2.
3. Nothing rated: no status ("Not rated"), and no contradiction.
4. A rating that is not on the organisation's scale (a five-point rating kept after a council moved to the
   three-point scale) counts as the nearest rating on the scale, the worse one on a tie: Amber/Green counts
   as Amber and Amber/Red as Red.

A contradiction is a reported status better than the roll-up: "Reported Green, but 2 of its projects are
Red". A reported status worse than the roll-up is the owner's caution, not a contradiction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from beacon.core import policy
from beacon.core.models import ConfidenceScale, Organisation
from beacon.programmes.models import THREE_POINT, Confidence, Programme, Project, Workstream, confidence_choices

# Every rating, best first; a rating's rank is its place here (Green 0 ... Red 4).
ORDER: tuple[str, ...] = tuple(Confidence.values)
RANK = {value: rank for rank, value in enumerate(ORDER)}
LABELS: dict[str, str] = dict(Confidence.choices)
QUARTER = 0.25


@dataclass(frozen=True)
class RollUp:
    """The rolled-up status of a group of projects, and why."""

    status: str  # a Confidence value, or "" when nothing is rated
    label: str  # "Amber", or "Not rated"
    explanation: str  # "Amber because 1 of 9 rated projects is Red: any Red project makes it at least Amber"
    counts: dict[str, int] = field(default_factory=dict)  # rating -> number of projects, on the scale
    not_rated: int = 0
    contradiction: str = ""  # "" or "Reported Green, but 2 of its projects are Red"
    reported: str = ""  # the reported status, on the scale ("" when none)

    @property
    def reported_label(self) -> str:
        return LABELS.get(self.reported, "")

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def total(self) -> int:
        return self.rated + self.not_rated


def on_scale(rating: str, scale: Sequence[str]) -> str:
    """``rating`` as the nearest rating on ``scale``; the worse one on a tie (never hide red). "" stays ""."""
    if not rating or rating in scale:
        return rating
    if rating not in RANK:
        raise ValueError(f"Not a delivery confidence rating: {rating!r}")
    return min(scale, key=lambda value: (abs(RANK[value] - RANK[rating]), -RANK[value]))


def expand_scale(scale: Sequence[str] | str) -> tuple[str, ...]:
    """The scale's values, best first, from a list of values or a ``ConfidenceScale`` name."""
    if isinstance(scale, str):
        if scale == ConfidenceScale.THREE_POINT:
            return tuple(value.value for value in THREE_POINT)
        if scale == ConfidenceScale.FIVE_POINT:
            return ORDER
        scale = (scale,)
    unknown = [value for value in scale if value not in RANK]
    if unknown:
        raise ValueError(f"Not delivery confidence ratings: {unknown!r}")
    return tuple(sorted({str(value) for value in scale}, key=RANK.__getitem__))


def floor_of(worst: str, scale: Sequence[str]) -> str:
    """The least status that a project rated ``worst`` forces: Red forces Amber; on the five-point scale
    Amber/Red forces Amber/Green. Anything else forces nothing ("")."""
    if worst == Confidence.RED:
        return Confidence.AMBER.value
    if worst == Confidence.AMBER_RED and Confidence.AMBER_GREEN in scale:
        return Confidence.AMBER_GREEN.value
    return ""


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def roll_up(ratings: Sequence[str], *, scale: Sequence[str], reported: str = "") -> RollUp:
    """Roll ``ratings`` (Confidence values, "" for not rated) up to one status on ``scale`` (the
    organisation's values; its ``ConfidenceScale`` name, "five" or "three", is understood too), explain it,
    and compare it with the ``reported`` status."""
    return roll_up_counts(Counter(ratings), scale=scale, reported=reported)


def roll_up_counts(tally: Mapping[str, int], *, scale: Sequence[str] | str, reported: str = "") -> RollUp:
    """``roll_up`` from the number of projects at each rating ("" for not rated), as a grouped query gives
    them: the same rule without a list of one rating per project."""
    scale = expand_scale(scale)
    if not scale:
        raise ValueError("The scale has no ratings.")
    counts = {value: 0 for value in scale}
    not_rated = 0
    for rating, n in tally.items():
        mapped = on_scale(rating, scale)
        if mapped:
            counts[mapped] += n
        else:
            not_rated += n
    rated = sum(counts.values())
    reported = on_scale(reported, scale)
    unrated_note = f" ({not_rated} not rated)" if not_rated else ""

    if rated == 0:
        if not not_rated:
            explanation = "Not rated: it has no open projects"
        elif not_rated == 1:
            explanation = "Not rated: its 1 project is not rated"
        else:
            explanation = f"Not rated: none of its {not_rated} projects are rated"
        return RollUp("", "Not rated", explanation, counts, not_rated, "", reported)

    # 1. The quarter rule: the worst rating held, with everything worse, by a quarter or more.
    by_quarter, at_or_worse = scale[0], rated
    for index in range(len(scale) - 1, 0, -1):
        cumulative = sum(counts[value] for value in scale[index:])
        if cumulative >= QUARTER * rated:
            by_quarter, at_or_worse = scale[index], cumulative
            break
    # 2. The floor: the worst rating present may force a minimum status.
    worst = max((value for value in scale if counts[value]), key=RANK.__getitem__)
    floor = floor_of(worst, scale)
    status = by_quarter if not floor or RANK[by_quarter] >= RANK[floor] else floor
    label = LABELS[status]

    if status != by_quarter:
        n = counts[worst]
        explanation = (
            f"{label} because {n} of {rated} rated projects {_are(n)} {LABELS[worst]}: any {LABELS[worst]} "
            f"project makes the status at least {label}{unrated_note}"
        )
    elif status == scale[0]:
        if counts[status] == rated:
            every = "the 1 rated project is" if rated == 1 else f"all {rated} rated projects are"
            explanation = f"{label}: {every} {label}{unrated_note}"
        else:
            explanation = (
                f"{label}: {counts[status]} of {rated} rated projects are {label}, and fewer than a quarter "
                f"are rated lower{unrated_note}"
            )
    else:
        worse = "" if at_or_worse == counts[status] else " or worse"
        if at_or_worse == rated:
            share = "the 1 rated project is" if rated == 1 else f"all {rated} rated projects are"
            explanation = f"{label} because {share} {label}{worse}{unrated_note}"
        else:
            explanation = (
                f"{label} because {at_or_worse} of {rated} rated projects {_are(at_or_worse)} {label}{worse}, "
                f"a quarter or more{unrated_note}"
            )

    contradiction = ""
    if reported and RANK[reported] < RANK[status]:
        n = counts[worst]
        contradiction = (
            f"Reported {LABELS[reported]}, but {n} of its projects {_are(n)} {LABELS[worst]}: "
            f"its projects roll up to {label}"
        )
    return RollUp(status, label, explanation, counts, not_rated, contradiction, reported)


def scale_of(organisation: Organisation | None) -> tuple[str, ...]:
    """The organisation's delivery confidence values, best first."""
    return tuple(value for value, _ in confidence_choices(organisation))


@dataclass
class OrganisationRollUps:
    """The roll-up of every programme and workstream of an organisation, by id."""

    programmes: dict[int, RollUp]
    workstreams: dict[int, RollUp]


def rollup_projects(projects: Any) -> Any:
    """The projects that count towards a roll-up: closed and stopped projects are history, not delivery."""
    return projects.active()


def organisation_roll_ups(
    organisation: Organisation,
    user: Any,
    *,
    programmes: Iterable[Programme] | None = None,
    workstreams: Iterable[Workstream] | None = None,
    programme: Programme | None = None,
) -> OrganisationRollUps:
    """Roll-ups of every programme and workstream of ``organisation`` from the active projects ``user`` may
    read. One grouped query counts the ratings; the reported statuses come from ``programmes`` and
    ``workstreams`` when the caller has them already, else from one query each. ``programme`` narrows it all
    to one programme."""
    projects = rollup_projects(policy.readable(Project.objects.filter(organisation=organisation), user))
    if programme is not None:
        projects = projects.filter(programme=programme)
    rows = (
        projects.order_by()
        .values_list("programme_id", "workstream_id", "delivery_confidence")
        .annotate(n=Count("pk"))
    )
    per_programme: dict[int, Counter[str]] = {}
    per_workstream: dict[int, Counter[str]] = {}
    for programme_id, workstream_id, rating, n in rows:
        tally = per_programme.get(programme_id) or per_programme.setdefault(programme_id, Counter())
        tally[rating] += n
        if workstream_id is not None:
            tally = per_workstream.get(workstream_id) or per_workstream.setdefault(workstream_id, Counter())
            tally[rating] += n
    if programmes is None:
        programmes = Programme.objects.filter(organisation=organisation).only("pk", "reported_confidence")
        if programme is not None:
            programmes = [programme]
    if workstreams is None:
        workstreams = Workstream.objects.filter(organisation=organisation).only("pk", "reported_confidence")
        if programme is not None:
            workstreams = workstreams.filter(programme=programme)
    return roll_ups_from_tallies(per_programme, per_workstream, programmes, workstreams, scale_of(organisation))


def roll_ups_from_tallies(
    per_programme: Mapping[int, Mapping[str, int]],
    per_workstream: Mapping[int, Mapping[str, int]],
    programmes: Iterable[Programme],
    workstreams: Iterable[Workstream],
    scale: Sequence[str],
) -> OrganisationRollUps:
    """The roll-ups of ``programmes`` and ``workstreams`` from the number of their open projects at each rating
    (by programme id and workstream id), for a caller that has counted them in a grouped query of its own."""
    return OrganisationRollUps(
        programmes={
            p.pk: roll_up_counts(per_programme.get(p.pk, {}), scale=scale, reported=p.reported_confidence)
            for p in programmes
        },
        workstreams={
            w.pk: roll_up_counts(per_workstream.get(w.pk, {}), scale=scale, reported=w.reported_confidence)
            for w in workstreams
        },
    )


def roll_up_projects(projects: Any, organisation: Organisation, *, reported: str = "") -> RollUp:
    """The roll-up of one group of projects (a programme's or a workstream's, already narrowed to what the
    user may read), in one grouped query."""
    rows = rollup_projects(projects).order_by().values_list("delivery_confidence").annotate(n=Count("pk"))
    return roll_up_counts(dict(rows), scale=scale_of(organisation), reported=reported)
