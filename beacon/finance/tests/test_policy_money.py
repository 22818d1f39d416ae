"""The permission policy over money records: the finance officer writes them as well as the programme office
(``writer_roles``), and a record whose confidential flag sits on an optional link follows that link."""

from __future__ import annotations

import pytest

from beacon.core import policy
from beacon.finance.models import Contract, Cost, Mtfs, SavingsLine
from beacon.programmes.models import Project
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Mtfs, SavingsLine, Cost, Contract])
def test_the_finance_officer_writes_money_records(world, model):
    assert policy.can_create(world.users["finance"], world.home, model)
    assert not policy.can_create(world.users["viewer"], world.home, model)
    assert not policy.can_create(world.users["outsider"], world.home, model)


def test_the_finance_officer_still_only_reads_projects(world):
    assert not policy.can_create(world.users["finance"], world.home, Project)
    assert not policy.can_change(world.users["finance"], world.records["plain"])


def test_a_cost_without_a_project_is_not_confidential_and_one_on_a_confidential_project_is(world):
    programme_cost = f.CostFactory(programme=world.records["programme"], title="Programme office")
    secret_cost = f.CostFactory(programme=world.records["programme"], project=world.records["secret"],
                                title="Depot redundancy costs")
    viewer_sees = set(policy.readable(Cost.objects.all(), world.users["viewer"]))
    assert programme_cost in viewer_sees
    assert secret_cost not in viewer_sees
    lead_sees = set(policy.readable(Cost.objects.all(), world.users["lead"]))
    assert {programme_cost, secret_cost} <= lead_sees
    assert set(policy.readable(Cost.objects.all(), world.users["outsider"])) == set()


def test_a_confidential_contract_is_kept_from_viewers(world):
    contract = f.ContractFactory(programme=world.records["programme"], confidential=True)
    assert not policy.can_read(world.users["viewer"], contract)
    assert policy.can_read(world.users["member"], contract)
    assert contract not in policy.readable(Contract.objects.all(), world.users["viewer"])
