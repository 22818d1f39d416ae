"""``make bench`` (``python -m bench``): builds synthetic councils in its own SQLite file and measures
Beacon's pages and API at PRODUCT section 4's sizes; prints a table and writes ``bench/results.json``.

Modules: ``environment`` (its own database and settings, set before Django starts), ``rows`` (what is
measured, and what is not built yet), ``measure`` (timing and query counting of one request),
``runner`` (builds, measures, reports).
"""
