"""``python -m benchmarks ledger`` runs end to end in quick mode (benchmarks/ledger.py); no timing is asserted."""
from __future__ import annotations

from benchmarks import ledger as lb


def test_quick_run_produces_every_row():
    (table,) = lb.run(quick=True)
    ops = [op for op, _ in table.rows]
    assert [op.split(",")[0] for op in ops] == ["append"] * 3 + ["get"] * 2 + [
        "history of one id (10 versions)", "entries()", "verify()", "open + head + close"]
    for op, times in table.rows:
        assert times[lb.Z] is not None and times[lb.Z] > 0
        assert (times.get(lb.N) is not None) == op.startswith("append")
    assert "appends/s (FULL)" in table.render()
