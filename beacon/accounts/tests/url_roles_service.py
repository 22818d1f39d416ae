"""URL × role rows (beacon/core/tests/test_url_roles.py) for the service essentials linked from every page's footer:
the accessibility statement, privacy notice, cookies page and help. Everyone may read them, signed in or not;
they are pages to read, so a post is refused."""

from __future__ import annotations

from beacon.testing.url_table import Row, statuses, url

SERVICE_PAGES = [
    ("service:accessibility", "/accessibility/"),
    ("service:privacy", "/privacy/"),
    ("service:cookies", "/cookies/"),
    ("service:help", "/help/"),
]

ROWS = [Row(name, url(path), statuses(200)) for name, path in SERVICE_PAGES] + [
    Row(name, url(path), statuses(405), method="post") for name, path in SERVICE_PAGES
]
