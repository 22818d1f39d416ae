"""The backup page's rows of the URL × role table (beacon/core/tests/test_url_roles.py): the administrator's
alone, since the file holds every record and users' password hashes."""

from __future__ import annotations

from beacon.testing.url_table import Row, org_page, url

ROWS = [
    Row("exchange:backup", url("/org/home/data/backup/"), org_page(allowed={"admin"})),
    Row("exchange:backup", url("/org/home/data/backup/"), org_page(allowed={"admin"}), method="post"),
]
