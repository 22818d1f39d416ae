"""Domain rules of programmes and projects that span records: dependency cycles, dependency warnings and
the reported status of programmes and workstreams. Forms and the API both call these, so they refuse the
same input for the same reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Confidence, Project, confidence_choices

# Dependency cycles -----------------------------------------------------------------------------------------


def find_dependency_cycle(
    project: int | None, dependencies: Iterable[int], graph: Mapping[int, Iterable[int]]
) -> list[int] | None:
    """If ``project`` depending on ``dependencies`` would close a loop in ``graph`` (project id -> the ids it
    depends on, as saved), return the loop as ids from ``project`` back to it (``[a, b, a]``); else None.

    A new project (``project`` None) has no dependants yet, so it cannot close a loop."""
    if project is None:
        return None
    targets = list(dependencies)
    if project in targets:
        return [project, project]
    # Depth-first from each new dependency along the saved edges (ignoring the project's own, which are
    # replaced); a path back to the project is a loop.
    for start in targets:
        stack: list[tuple[int, list[int]]] = [(start, [project, start])]
        seen = {start}
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == project:
                    return [*path, project]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return None


def dependency_graph(organisation_id: int, *, excluding: int | None = None) -> dict[int, list[int]]:
    """The saved dependency edges of one organisation (every project, readable or not: a loop through a
    confidential project is still a loop), in one query. ``excluding``'s own edges are left out."""
    through: Any = Project.dependencies.through
    graph: dict[int, list[int]] = {}
    edges = through.objects.filter(from_project__organisation_id=organisation_id)
    if excluding is not None:
        edges = edges.exclude(from_project_id=excluding)
    for source, target in edges.values_list("from_project_id", "to_project_id"):
        graph.setdefault(source, []).append(target)
    return graph


def describe_cycle(cycle: list[int], user: Any) -> str:
    """The loop in words, naming only the projects ``user`` may read."""
    readable = policy.readable(Project.objects.filter(pk__in=set(cycle)), user).only("pk", "code", "title")
    names = {project.pk: (project.code or project.title) for project in readable}
    words = [names.get(pk, "a project you cannot see") for pk in cycle]
    if len(cycle) == 2:
        return "A project cannot depend on itself."
    chain = f"{words[0]} depends on {words[1]}" + "".join(f", which depends on {word}" for word in words[2:])
    return f"This would make a loop of dependencies: {chain}. Remove one of them."


def cycle_error(project: int | None, organisation_id: int, dependencies: Iterable[Any], user: Any) -> str:
    """The reason to refuse ``dependencies`` for ``project``, or "" when they make no loop."""
    ids = [getattr(dependency, "pk", dependency) for dependency in dependencies]
    if project is None or not ids:
        return ""
    cycle = find_dependency_cycle(project, ids, dependency_graph(organisation_id, excluding=project))
    return describe_cycle(cycle, user) if cycle else ""


# Dependency warnings ---------------------------------------------------------------------------------------

AT_RISK_RATINGS = (Confidence.RED, Confidence.AMBER_RED)


def risk_words(delivery_confidence: str, late: bool) -> str:
    """Why a project puts those who depend on it at risk: "Red", "late", "Amber/Red and late"; "" if not."""
    words = []
    if delivery_confidence in AT_RISK_RATINGS:
        words.append(Confidence(delivery_confidence).label)
    if late:
        words.append("late")
    return " and ".join(words)


@dataclass(frozen=True)
class DependencyWarning:
    project: Project  # the other project
    text: str


def dependency_warnings(
    project: Project, project_late: bool, dependencies: Iterable[Any], dependants: Iterable[Any]
) -> list[DependencyWarning]:
    """Warnings for ``project``'s page: each dependency that is at risk ("Depends on TS-C, which is Red"),
    and, if ``project`` itself is at risk, each project that depends on it ("TS-D depends on this project,
    which is late"). ``dependencies`` and ``dependants`` carry ``has_late_milestone``."""
    warnings = []
    for other in dependencies:
        words = risk_words(other.delivery_confidence, bool(getattr(other, "has_late_milestone", False)))
        if words:
            warnings.append(DependencyWarning(other, f"Depends on {other.code or other.title}, which is {words}"))
    own = risk_words(project.delivery_confidence, project_late)
    if own:
        for other in dependants:
            warnings.append(
                DependencyWarning(other, f"{other.code or other.title} depends on this project, which is {own}")
            )
    return warnings


# Reported status -------------------------------------------------------------------------------------------


def reported_confidence_error(value: str, organisation: Organisation | None) -> str:
    """A programme's or workstream's reported status must be on its organisation's scale."""
    if value and value not in {choice for choice, _ in confidence_choices(organisation)}:
        return "Choose a status on this organisation's delivery confidence scale."
    return ""
