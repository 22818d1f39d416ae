"""URL × role rows (beacon/core/tests/test_url_roles.py) for benefits, costs and funding, and delivery partner
contracts: pages and API. A benefit follows its project (hidden from the viewer when the project is
confidential, written by the project's lead); a confidential contract is read by the confidential readers only
(a contract has no lead, so the project lead does not see it either); another council's user gets 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.finance.models import BenefitProfilePoint, ContractMilestone
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

MONEY = {"admin", "programme", "finance"}
LEAD_TOO = MONEY | {"lead"}
NOT_MONEY = {role: 403 for role in ROLES if role not in MONEY}
NOT_LEAD_TOO = {role: 403 for role in ROLES if role not in LEAD_TOO}
NOBODY = {role: 404 for role in ROLES}
OTHERS_OWN = {**NOBODY, "outsider": 200}  # the API: another council's record is its own users' only
HIDDEN = {"viewer": 404, "lead": 404}  # a confidential record with no lead of its own


def extend_world(world: World) -> None:
    r = world.records
    r["benefit_plain"] = f.BenefitFactory(project=r["plain"], title="Fewer agency staff")
    r["benefit_secret"] = f.BenefitFactory(project=r["secret"], title="Secret benefit: depot land sale")
    r["benefit_led"] = f.BenefitFactory(project=r["led"], title="Longer library opening hours")
    r["benefit_other"] = f.BenefitFactory(project=r["other_project"])
    r["point_led"] = BenefitProfilePoint.objects.create(
        organisation=world.home, benefit=r["benefit_led"], date=dt.date(2025, 3, 31), expected=Decimal(10)
    )
    r["point_secret"] = BenefitProfilePoint.objects.create(
        organisation=world.home, benefit=r["benefit_secret"], date=dt.date(2025, 3, 31), expected=Decimal(5)
    )
    r["funding_home"] = f.FundingSourceFactory(organisation=world.home, programme=r["programme"],
                                               title="LGA transformation grant")
    r["funding_other"] = f.FundingSourceFactory(organisation=world.other)
    r["cost_plain"] = f.CostFactory(programme=r["programme"], project=r["plain"], funding_source=r["funding_home"])
    r["cost_secret"] = f.CostFactory(programme=r["programme"], project=r["secret"], title="Secret redundancy costs")
    r["cost_other"] = f.CostFactory(programme=r["other_programme"])
    r["contract_home"] = f.ContractFactory(programme=r["programme"], title="Transformation partner",
                                           savings_identified_pence=1_530_000_00)
    r["contract_secret"] = f.ContractFactory(programme=r["programme"], title="Secret outsourcing contract",
                                             confidential=True)
    r["contract_other"] = f.ContractFactory(programme=r["other_programme"])
    r["cmilestone_home"] = ContractMilestone.objects.create(
        organisation=world.home, contract=r["contract_home"], title="Diagnostic report", due_date=dt.date(2025, 1, 31)
    )
    r["cmilestone_secret"] = ContractMilestone.objects.create(
        organisation=world.home, contract=r["contract_secret"], title="Secret milestone of a contract",
        due_date=dt.date(2025, 1, 31),
    )


ROWS = [
    # Benefits: every member reads; writers and the lead of the benefit's project write.
    Row("finance:benefit-list", url("/org/home/money/benefits/"), org_page()),
    Row("finance:benefit-list", url("/org/home/money/benefits/?kind=financial&dis_benefit=false"), org_page()),
    Row("finance:benefit-create", url("/org/home/money/benefits/add/"), org_page(allowed=LEAD_TOO)),
    Row("finance:benefit-create", url("/org/home/money/benefits/add/"), org_page(allowed=LEAD_TOO), method="post"),
    Row("finance:benefit-detail", url("/org/home/money/benefits/{pk}/", pk="benefit_plain"), org_page()),
    Row("finance:benefit-detail", url("/org/home/money/benefits/{pk}/", pk="benefit_secret"), org_page(viewer=404)),
    Row("finance:benefit-detail", url("/org/home/money/benefits/{pk}/", pk="benefit_other"),
        org_page(refused=404, allowed=set())),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_led"),
        org_page(allowed=LEAD_TOO)),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_plain"),
        org_page(allowed=MONEY)),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_secret"),
        org_page(allowed=LEAD_TOO, viewer=404)),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_plain"),
        org_page(allowed=MONEY), method="post"),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_led"),
        org_page(allowed=LEAD_TOO), method="post"),
    Row("finance:benefit-edit", url("/org/home/money/benefits/{pk}/edit/", pk="benefit_other"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("finance:benefit-point-create", url("/org/home/money/benefits/{pk}/profile/add/", pk="benefit_led"),
        org_page(allowed=LEAD_TOO)),
    Row("finance:benefit-point-create", url("/org/home/money/benefits/{pk}/profile/add/", pk="benefit_plain"),
        org_page(allowed=MONEY)),
    Row("finance:benefit-point-create", url("/org/home/money/benefits/{pk}/profile/add/", pk="benefit_secret"),
        org_page(allowed=LEAD_TOO, viewer=404)),
    Row("finance:benefit-point-create", url("/org/home/money/benefits/{pk}/profile/add/", pk="benefit_led"),
        org_page(allowed=LEAD_TOO), method="post"),
    Row("finance:benefit-point-create", url("/org/home/money/benefits/{pk}/profile/add/", pk="benefit_other"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("finance:benefit-point-edit", url("/org/home/money/benefit-points/{pk}/edit/", pk="point_led"),
        org_page(allowed=LEAD_TOO)),
    Row("finance:benefit-point-edit", url("/org/home/money/benefit-points/{pk}/edit/", pk="point_secret"),
        org_page(allowed=LEAD_TOO, viewer=404)),
    Row("finance:benefit-point-edit", url("/org/home/money/benefit-points/{pk}/edit/", pk="point_led"),
        org_page(allowed=LEAD_TOO), method="post"),
    # Costs and funding: every member reads (a cost of a confidential project: its confidential readers and its
    # lead, who reads but does not write costs).
    Row("finance:cost-list", url("/org/home/money/costs/"), org_page()),
    Row("finance:cost-list", url("/org/home/money/costs/?financial_year=2024/25"), org_page()),
    Row("finance:cost-create", url("/org/home/money/costs/add/"), org_page(allowed=MONEY)),
    Row("finance:cost-create", url("/org/home/money/costs/add/"), org_page(allowed=MONEY), method="post"),
    Row("finance:cost-edit", url("/org/home/money/costs/{pk}/edit/", pk="cost_plain"), org_page(allowed=MONEY)),
    Row("finance:cost-edit", url("/org/home/money/costs/{pk}/edit/", pk="cost_secret"),
        org_page(allowed=MONEY, viewer=404)),
    Row("finance:cost-edit", url("/org/home/money/costs/{pk}/edit/", pk="cost_plain"), org_page(allowed=MONEY),
        method="post"),
    Row("finance:cost-edit", url("/org/home/money/costs/{pk}/edit/", pk="cost_other"),
        org_page(refused=404, allowed=set())),
    Row("finance:funding-create", url("/org/home/money/funding/add/"), org_page(allowed=MONEY)),
    Row("finance:funding-create", url("/org/home/money/funding/add/"), org_page(allowed=MONEY), method="post"),
    Row("finance:funding-detail", url("/org/home/money/funding/{pk}/", pk="funding_home"), org_page()),
    Row("finance:funding-detail", url("/org/home/money/funding/{pk}/", pk="funding_other"),
        org_page(refused=404, allowed=set())),
    Row("finance:funding-edit", url("/org/home/money/funding/{pk}/edit/", pk="funding_home"),
        org_page(allowed=MONEY)),
    Row("finance:funding-edit", url("/org/home/money/funding/{pk}/edit/", pk="funding_home"),
        org_page(allowed=MONEY), method="post"),
    # Contracts: a confidential contract is hidden from the viewer and the project lead.
    Row("finance:contract-list", url("/org/home/money/contracts/"), org_page()),
    Row("finance:contract-create", url("/org/home/money/contracts/add/"), org_page(allowed=MONEY)),
    Row("finance:contract-create", url("/org/home/money/contracts/add/"), org_page(allowed=MONEY), method="post"),
    Row("finance:contract-detail", url("/org/home/money/contracts/{pk}/", pk="contract_home"), org_page()),
    Row("finance:contract-detail", url("/org/home/money/contracts/{pk}/", pk="contract_secret"),
        org_page(**HIDDEN)),
    Row("finance:contract-detail", url("/org/home/money/contracts/{pk}/", pk="contract_other"),
        org_page(refused=404, allowed=set())),
    Row("finance:contract-edit", url("/org/home/money/contracts/{pk}/edit/", pk="contract_home"),
        org_page(allowed=MONEY)),
    Row("finance:contract-edit", url("/org/home/money/contracts/{pk}/edit/", pk="contract_secret"),
        org_page(allowed=MONEY, **HIDDEN)),
    Row("finance:contract-edit", url("/org/home/money/contracts/{pk}/edit/", pk="contract_home"),
        org_page(allowed=MONEY), method="post"),
    Row("finance:contract-milestone-create", url("/org/home/money/contracts/{pk}/milestones/add/", pk="contract_home"),
        org_page(allowed=MONEY)),
    Row("finance:contract-milestone-create",
        url("/org/home/money/contracts/{pk}/milestones/add/", pk="contract_secret"), org_page(allowed=MONEY, **HIDDEN)),
    Row("finance:contract-milestone-create", url("/org/home/money/contracts/{pk}/milestones/add/", pk="contract_home"),
        org_page(allowed=MONEY), method="post"),
    Row("finance:contract-milestone-create",
        url("/org/home/money/contracts/{pk}/milestones/add/", pk="contract_other"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("finance:contract-milestone-edit", url("/org/home/money/contract-milestones/{pk}/edit/", pk="cmilestone_home"),
        org_page(allowed=MONEY)),
    Row("finance:contract-milestone-edit",
        url("/org/home/money/contract-milestones/{pk}/edit/", pk="cmilestone_secret"),
        org_page(allowed=MONEY, **HIDDEN)),
    Row("finance:contract-milestone-edit", url("/org/home/money/contract-milestones/{pk}/edit/", pk="cmilestone_home"),
        org_page(allowed=MONEY), method="post"),
    # The API collections.
    Row("benefit-list", url("/api/v1/benefits/"), api_list()),
    Row("benefit-list", url("/api/v1/benefits/"), statuses(400, anonymous=403), method="post"),
    Row("benefit-detail", url("/api/v1/benefits/{pk}/", pk="benefit_plain"), api_detail()),
    Row("benefit-detail", url("/api/v1/benefits/{pk}/", pk="benefit_secret"), api_detail(viewer=404)),
    Row("benefit-detail", url("/api/v1/benefits/{pk}/", pk="benefit_other"), api_detail(**OTHERS_OWN)),
    Row("benefit-detail", url("/api/v1/benefits/{pk}/", pk="benefit_led"), api_detail(**NOT_LEAD_TOO),
        method="patch"),
    Row("benefit-detail", url("/api/v1/benefits/{pk}/", pk="benefit_plain"), api_detail(**NOT_MONEY),
        method="patch"),
    Row("benefit-profile-point-list", url("/api/v1/benefit-profile-points/"), api_list()),
    Row("benefit-profile-point-list", url("/api/v1/benefit-profile-points/"), statuses(400, anonymous=403),
        method="post"),
    Row("benefit-profile-point-detail", url("/api/v1/benefit-profile-points/{pk}/", pk="point_secret"),
        api_detail(viewer=404)),
    Row("benefit-profile-point-detail", url("/api/v1/benefit-profile-points/{pk}/", pk="point_led"),
        api_detail(**NOT_LEAD_TOO), method="patch"),
    Row("cost-list", url("/api/v1/costs/"), api_list()),
    Row("cost-list", url("/api/v1/costs/"), statuses(400, anonymous=403), method="post"),
    Row("cost-detail", url("/api/v1/costs/{pk}/", pk="cost_plain"), api_detail()),
    Row("cost-detail", url("/api/v1/costs/{pk}/", pk="cost_secret"), api_detail(viewer=404)),
    Row("cost-detail", url("/api/v1/costs/{pk}/", pk="cost_other"), api_detail(**OTHERS_OWN)),
    Row("cost-detail", url("/api/v1/costs/{pk}/", pk="cost_plain"), api_detail(**NOT_MONEY), method="patch"),
    Row("funding-source-list", url("/api/v1/funding-sources/"), api_list()),
    Row("funding-source-list", url("/api/v1/funding-sources/"), statuses(400, anonymous=403), method="post"),
    Row("funding-source-detail", url("/api/v1/funding-sources/{pk}/", pk="funding_home"), api_detail()),
    Row("funding-source-detail", url("/api/v1/funding-sources/{pk}/", pk="funding_home"), api_detail(**NOT_MONEY),
        method="patch"),
    Row("contract-list", url("/api/v1/contracts/"), api_list()),
    Row("contract-list", url("/api/v1/contracts/"), statuses(400, anonymous=403), method="post"),
    Row("contract-detail", url("/api/v1/contracts/{pk}/", pk="contract_home"), api_detail()),
    Row("contract-detail", url("/api/v1/contracts/{pk}/", pk="contract_secret"), api_detail(**HIDDEN)),
    Row("contract-detail", url("/api/v1/contracts/{pk}/", pk="contract_other"), api_detail(**OTHERS_OWN)),
    Row("contract-detail", url("/api/v1/contracts/{pk}/", pk="contract_home"), api_detail(**NOT_MONEY),
        method="patch"),
    Row("contract-milestone-list", url("/api/v1/contract-milestones/"), api_list()),
    Row("contract-milestone-list", url("/api/v1/contract-milestones/"), statuses(400, anonymous=403),
        method="post"),
    Row("contract-milestone-detail", url("/api/v1/contract-milestones/{pk}/", pk="cmilestone_secret"),
        api_detail(**HIDDEN)),
    Row("contract-milestone-detail", url("/api/v1/contract-milestones/{pk}/", pk="cmilestone_home"),
        api_detail(**NOT_MONEY), method="patch"),
]
