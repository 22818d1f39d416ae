"""What Beacon exports, Beacon imports: each importable type downloaded from its list in every format and
imported back into the same council changes nothing (its headings are understood without any mapping)."""

from __future__ import annotations

import pytest

from beacon.core.spreadsheets import write_table
from beacon.exchange import readers
from beacon.exchange.exports import export_table
from beacon.exchange.importer import plan_import
from beacon.exchange.kinds import KINDS
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize("record_type", sorted(KINDS))
def test_an_export_imported_back_changes_nothing(world, record_type, fmt):
    programme = world.records["programme"]
    for year in (2024, 2025):
        f.financial_year(year)
    f.SavingsLineFactory(project=world.records["plain"], financial_year=f.financial_year(2024), title="Channel shift")
    # Exported with an apostrophe so that no spreadsheet runs it, and read back without it.
    f.ProjectFactory(programme=programme, code="NEW-9", title="=1+1 looks like a formula")
    data = write_table(fmt, [export_table(record_type, world.home, world.users["admin"])])
    kind = KINDS[record_type](world.home, world.users["admin"])
    plan = plan_import(kind, readers.read_sheets(data, readers.detect_format(data)))
    assert plan.ok, [str(problem) for problem in plan.problems]
    counts = plan.counts()
    assert counts["created"] == counts["updated"] == 0
    assert counts["unchanged"] == plan.data_rows > 0
