"""The import pages' rows of the URL × role table (beacon/core/tests/test_url_roles.py).

Importing is for the roles that write every record of the type: the administrator and programme manager, and
the finance officer for savings lines. A run's page quotes the file's cells, so only they see it."""

from __future__ import annotations

from beacon.testing.url_table import ROLES, WRITERS, Row, org_page, url
from beacon.testing.world import World

MONEY_WRITERS = WRITERS | {"finance"}
SENT_BACK = {role: 302 for role in WRITERS}


def extend_world(world: World) -> None:
    """A checked import of projects and one of savings lines, each from a small CSV file."""
    from beacon.exchange.models import ImportRun, ImportStatus

    def run(record_type: str, content: bytes) -> ImportRun:
        return ImportRun.objects.create(
            organisation=world.home, record_type=record_type, file_name=f"{record_type}.csv", file_format="csv",
            content=content, status=ImportStatus.CHECKED, created_by=world.users["programme"],
        )

    world.records["project_import"] = run("projects", b"Project code,Title\r\nNEW-1,Waste round redesign\r\n")
    world.records["savings_import"] = run("savings-lines", b"Project code,Financial year,Amount\r\n")


ROWS = [
    Row("exchange:index", url("/org/home/data/"), org_page()),
    Row("exchange:import-start", url("/org/home/data/import/"), org_page(allowed=MONEY_WRITERS)),
    Row("exchange:import-start", url("/org/home/data/import/"), org_page(allowed=MONEY_WRITERS), method="post"),
    Row("exchange:import-run", url("/org/home/data/import/{pk}/", pk="project_import"), org_page(allowed=WRITERS)),
    Row("exchange:import-run", url("/org/home/data/import/{pk}/", pk="savings_import"),
        org_page(allowed=MONEY_WRITERS)),
    # Every column left unmapped: checked again, refused for want of columns, and back to the run's page.
    Row("exchange:import-run", url("/org/home/data/import/{pk}/", pk="project_import"),
        org_page(allowed=set(), **SENT_BACK), method="post"),
    Row("exchange:import-go", url("/org/home/data/import/{pk}/start/", pk="project_import"),
        org_page(allowed=set(), **SENT_BACK), method="post"),
    Row("exchange:import-progress", url("/org/home/data/import/{pk}/progress.json", pk="project_import"),
        org_page(allowed=WRITERS)),
    Row("exchange:import-problems", url("/org/home/data/import/{pk}/problems.csv", pk="project_import"),
        org_page(allowed=WRITERS)),
    Row("exchange:import-template", url("/org/home/data/templates/risks.ods"), org_page()),
    Row("exchange:import-template", url("/org/home/data/templates/risks.pdf"), org_page(**{r: 404 for r in ROLES})),
]
