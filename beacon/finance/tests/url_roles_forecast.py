"""Rows of the URL × role table (beacon/core/tests/test_url_roles.py) for money pages and API."""

from __future__ import annotations

from beacon.testing.url_table import Row

ROWS: list[Row] = []
