"""Writes that span records of the money app, each one atomic function (the savings ledger's own changes are
in ``beacon.finance.ledger``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from beacon.core.models import FinancialYear
from beacon.finance.models import Mtfs, MtfsYear


@dataclass(frozen=True)
class YearFigures:
    """One year's figures, in pence, as a form row or an API item gives them."""

    financial_year: FinancialYear
    funding_gap_pence: int = 0
    savings_required_pence: int = 0
    programme_target_pence: int | None = None
    illustrative: bool = False
    note: str | None = None  # None keeps the stored note (the form has no note column)


def replace_mtfs_years(mtfs: Mtfs, figures: Iterable[YearFigures], *, actor: Any) -> None:
    """Make ``figures`` the MTFS's years: update the years it has, add the new ones and remove the others
    (django-simple-history keeps what a removed year held). Every year is checked by the model."""
    with transaction.atomic():
        existing = {year.financial_year_id: year for year in mtfs.years.select_related("financial_year")}
        kept = set()
        for item in figures:
            year = existing.get(item.financial_year.pk)
            if year is None:
                year = MtfsYear(mtfs=mtfs, organisation_id=mtfs.organisation_id,
                                financial_year=item.financial_year, created_by=actor)
            year.funding_gap_pence = item.funding_gap_pence
            year.savings_required_pence = item.savings_required_pence
            year.programme_target_pence = item.programme_target_pence
            year.illustrative = item.illustrative
            if item.note is not None:
                year.note = item.note
            year.modified_by = actor
            year.full_clean()
            year.save()
            kept.add(item.financial_year.pk)
        for financial_year_id, year in existing.items():
            if financial_year_id not in kept:
                year.delete()
