"""`make bench` prints its table for every kind of row it writes: a row measured once (the import) has no p95,
CPU time or query count, and once crashed the table after all the measuring was done."""

from bench.runner import table


def test_the_table_prints_timed_single_and_skipped_rows():
    rows = [
        {"name": "dashboard", "n": 2000, "median_ms": 12.3, "p95_ms": 15.0, "queries": 9, "median_cpu_ms": 11.0},
        {"name": "import-observations", "n": 100000, "median_ms": 4411.4, "peak_mb": 244.2},
        {"name": "load-public", "skipped": "not built yet"},
    ]
    lines = table(rows).splitlines()
    assert lines[1].split() == ["dashboard", "2000", "12.3", "15.0", "9", "11.0"]
    assert lines[2].split() == ["import-observations", "100000", "4411.4", "peak", "244.2", "MB"]
    assert "skipped: not built yet" in lines[3]
