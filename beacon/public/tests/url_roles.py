"""URL × role rows (beacon/core/tests/test_url_roles.py) for the public pages, open data and the public API:
everyone, signed in or not, gets the same answer; a KPI that is not public (internal, confidential or another
council's) is not found; an unknown dataset is not found."""

from __future__ import annotations

from beacon.testing.url_table import Row, statuses, url

EVERYONE_404 = statuses(404)

ROWS = [
    Row("public:kpi", url("/public/home/kpis/{pk}/", pk="public_kpi"), statuses(200)),
    Row("public:kpi", url("/public/home/kpis/{pk}/", pk="secret_kpi"), EVERYONE_404),
    Row("public:kpi", url("/public/home/kpis/{pk}/", pk="plain_kpi"), EVERYONE_404),
    Row("public:kpi", url("/public/home/kpis/{pk}/", pk="other_kpi"), EVERYONE_404),
    Row("public:data", url("/public/home/data/"), statuses(200)),
    Row("public:dataset-csv", url("/public/home/data/kpis.csv"), statuses(200)),
    Row("public:dataset-csv", url("/public/home/data/observations.csv"), statuses(200)),
    Row("public:dataset-csv", url("/public/home/data/nothing.csv"), EVERYONE_404),
    Row("public:dataset-json", url("/public/home/data/savings.json"), statuses(200)),
    Row("public:dataset-json", url("/public/home/data/projects.json"), statuses(200)),
    Row("public:dataset-json", url("/public/nowhere/data/projects.json"), EVERYONE_404),
    Row("public:dataset-csv", url("/public/home/data/kpis.csv"), statuses(405), method="post"),
    Row("public-api-milestones", url("/api/v1/public/home/milestones/"), statuses(200)),
    Row("public-api-themes", url("/api/v1/public/home/themes/"), statuses(200)),
    Row("public-api-priorities", url("/api/v1/public/home/priorities/"), statuses(200)),
    Row("public-api-kpis", url("/api/v1/public/home/kpis/"), statuses(200)),
    Row("public-api-kpis", url("/api/v1/public/home/kpis/"), statuses(405), method="post"),
    Row("public-api-observations", url("/api/v1/public/home/observations/"), statuses(200)),
    Row("public-api-savings", url("/api/v1/public/home/savings/"), statuses(200)),
    Row("public-api-comparator-groups", url("/api/v1/public/home/comparator-groups/"), statuses(200)),
    Row("public-api-comparator-groups", url("/api/v1/public/nowhere/comparator-groups/"), EVERYONE_404),
]

# Published reports (beacon.reports.tests.url_roles_reports adds them to the world): the public version of an
# issued public report; never a confidential or draft one.
ROWS += [
    Row("public:report", url("/public/home/reports/{pk}.html", pk="issued_report"), statuses(200)),
    Row("public:report", url("/public/home/reports/{pk}.html", pk="secret_report"), EVERYONE_404),
    Row("public:report", url("/public/home/reports/{pk}.html", pk="draft_report"), EVERYONE_404),
    Row("public:report", url("/public/other/reports/{pk}.html", pk="issued_report"), EVERYONE_404),
]
