"""The rows of PRODUCT section 3's ``make bench`` table: those measured here, and those not built yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

SIZES = (200, 2000)
ROW_NAMES = (
    "dashboard", "project-list", "api-project-list", "savings-tracker", "forecast", "public-dashboard",
    "neighbours", "report-docx", "report-pdf", "import-observations", "load-public", "fault-postgres",
)


@dataclass(frozen=True)
class PageRow:
    """A GET measured at each size, as the synthetic council's programme manager or anonymously."""

    name: str
    url: Callable[[str], str]
    signed_in: bool = True
    # A public page Beacon keeps once rendered (beacon/public/caching.py): the row times the rendering, with the
    # kept answer emptied before each request, and adds the time of an answer from the kept one (``kept_ms``).
    kept: bool = False


PAGE_ROWS = [
    PageRow("dashboard", lambda slug: reverse("home:dashboard", kwargs={"org": slug})),
    PageRow("project-list", lambda slug: reverse("programmes:project-list", kwargs={"org": slug})),
    PageRow("api-project-list", lambda slug: f"{reverse('project-list')}?organisation={slug}&page_size=100"),
    PageRow("public-dashboard", lambda slug: reverse("public:dashboard", kwargs={"org": slug}), signed_in=False,
            kept=True),
    PageRow("savings-tracker", lambda slug: reverse("finance:tracker", kwargs={"org": slug})),
]

NOT_BUILT: dict[str, str] = {}

# Rows measured by a function of their own rather than a GET (bench/runner.py calls each).
FUNCTION_ROWS = ("forecast",)



def measure_neighbours() -> dict:
    from bench.neighbours_row import measure_neighbours as measure  # imports models: only once Django is set up

    return measure()


def measure_report_docx() -> dict:
    from bench.report_rows import measure_report_docx as measure  # imports models: only once Django is set up

    return measure()


def measure_import_observations() -> dict:
    from bench.import_row import measure_import_observations as measure

    return measure()


def measure_report_pdf() -> dict:
    from bench.report_rows import measure_report_pdf as measure

    return measure()


def measure_load_public() -> dict:
    from bench.load_row import measure_load_public as measure

    return measure()


def measure_fault_postgres() -> dict:
    from bench.fault_row import measure_fault_postgres as measure

    return measure()


# Rows measured once, not at each size, by a function of their own (bench/runner.py calls each after the sizes;
# the report rows use the last size built, bench-2000).
ONCE_ROWS: dict[str, Callable[[], dict]] = {
    "neighbours": measure_neighbours, "report-docx": measure_report_docx, "report-pdf": measure_report_pdf,
    "import-observations": measure_import_observations, "load-public": measure_load_public,
    "fault-postgres": measure_fault_postgres,
}
# Rows that need no synthetic council (each makes its own database): BENCH_ROWS naming only these builds none.
STANDALONE_ROWS = frozenset({"import-observations", "load-public", "fault-postgres"})

assert {row.name for row in PAGE_ROWS} | set(FUNCTION_ROWS) | set(ONCE_ROWS) | set(NOT_BUILT) == set(ROW_NAMES)
