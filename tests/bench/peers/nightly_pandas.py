#!/usr/bin/python3
"""The pandas peer of the nightly run: what a council's performance analyst would write to get the
two clocks every board paper asks about, over the same case store (SQLite) the engine reads.

  nightly_pandas.py DB AS_OF HOLIDAYS.txt [--compare]

- Complaints Stage 1 (SI 2006/1738 reg 14): 10 working days from `received`, 20 once
  `stage1_extended`; stopped by `stage1_responded`; cancelled by `withdrawn` or `stage2_requested`
  (missed if that came after the due date).
- EHC plan in 20 weeks (SEND Regs 2014 reg 13(2)): 140 calendar days from `request_received`;
  stopped by `final_plan_issued`; cancelled by `decision_not_to_assess`, `decision_not_to_issue`,
  `withdrawn`; a school-closure `exception_started` on or before the due date makes a late plan
  `exempt`.
Events dated before the case began or after the as-of date are left out, as the engine does.
Working days use numpy's busday_offset with the engine's own holiday list (HOLIDAYS.txt).

Prints "pandas_seconds=… cases=… timers=…" (reading SQLite + computing, not the comparison).
With --compare, checks every status and due date against what the engine's latest nightly run
recorded (run_timers holds the open cases' timers) and prints the mismatches.
"""
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

EVENTS = """
SELECT e.case_id, c.workflow, e.type, e.date, e.reason
FROM events e JOIN cases c ON c.id = e.case_id
WHERE c.workflow IN ('complaints-statutory', 'ehcp-needs-assessment')
  AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
"""


def first(ev, types, start=None, col="date"):
    """Earliest date per case of any of `types`, on or after the case's start when given."""
    sel = ev[ev["type"].isin(types)]
    if start is not None:
        sel = sel[sel["date"] >= start.reindex(sel["case_id"]).to_numpy()]
    return sel.groupby("case_id")[col].min()


def status(start, due, stop, cancel, as_of, exempt=None):
    exempt = pd.Series(False, index=start.index) if exempt is None else exempt
    cancelled = cancel.notna() & (stop.isna() | (cancel <= stop))
    stopped = stop.notna() & ~cancelled
    late_word = np.where(exempt, "exempt", "missed")
    return pd.Series(np.select(
        [cancelled & (cancel > due), cancelled, stopped & (stop <= due), stopped, as_of > due],
        [late_word, "cancelled", "met", late_word, np.where(exempt, "exempt", "overdue")],
        default="running"), index=start.index)


def compute(db, as_of, holidays_path):
    holidays = np.array([l.strip() for l in open(holidays_path) if l.strip()], dtype="datetime64[D]")
    cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ev = pd.read_sql_query(EVENTS, con)
    con.close()
    ev["date"] = pd.to_datetime(ev["date"], format="%Y-%m-%d")
    ev = ev[ev["date"] <= as_of]
    out = []

    c = ev[ev["workflow"] == "complaints-statutory"]
    start = c[c["type"] == "received"].groupby("case_id")["date"].min()
    c = c[c["case_id"].isin(start.index)]
    stop = first(c, ["stage1_responded"], start).reindex(start.index)
    cancel = first(c, ["withdrawn", "stage2_requested"], start).reindex(start.index)
    ext = c[c["type"] == "stage1_extended"]
    end = stop.fillna(pd.Timestamp.max).where(cancel.isna(), np.minimum(stop.fillna(pd.Timestamp.max), cancel))
    ext = ext[(ext["date"] >= start.reindex(ext["case_id"]).to_numpy()) & (ext["date"] <= end.reindex(ext["case_id"]).to_numpy())]
    limit = np.where(start.index.isin(ext["case_id"]), 20, 10)
    due = pd.Series(np.busday_offset(start.to_numpy().astype("datetime64[D]"), limit, roll="backward", busdaycal=cal),
                    index=start.index).astype("datetime64[ns]")
    out.append(pd.DataFrame({"case_id": start.index, "timer": "stage1_response",
                             "status": status(start, due, stop, cancel, as_of).to_numpy(), "due": due.to_numpy()}))

    e = ev[ev["workflow"] == "ehcp-needs-assessment"]
    start = e[e["type"] == "request_received"].groupby("case_id")["date"].min()
    e = e[e["case_id"].isin(start.index)]
    due = start + pd.Timedelta(days=140)
    stop = first(e, ["final_plan_issued"], start).reindex(start.index)
    cancel = first(e, ["decision_not_to_assess", "decision_not_to_issue", "withdrawn"], start).reindex(start.index)
    exc = e[(e["type"] == "exception_started") & (e["reason"] == "school_closure")]
    exc = exc[(exc["date"] >= start.reindex(exc["case_id"]).to_numpy()) & (exc["date"] <= due.reindex(exc["case_id"]).to_numpy())]
    # Only an exception while the clock still runs counts.
    exc_first = exc.groupby("case_id")["date"].min().reindex(start.index)
    stopped_by = np.minimum(stop.fillna(pd.Timestamp.max), cancel.fillna(pd.Timestamp.max))
    exempt = exc_first.notna() & (exc_first <= stopped_by)
    out.append(pd.DataFrame({"case_id": start.index, "timer": "final_plan",
                             "status": status(start, due, stop, cancel, as_of, exempt).to_numpy(), "due": due.to_numpy()}))
    return pd.concat(out, ignore_index=True)


def compare(db, result):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ours = pd.read_sql_query(
        "SELECT case_id, timer, status, due FROM run_timers WHERE run_id = (SELECT max(id) FROM runs) "
        "AND timer IN ('stage1_response', 'final_plan')", con)
    con.close()
    result = result.assign(due=result["due"].dt.strftime("%Y-%m-%d"))
    both = ours.merge(result, on=["case_id", "timer"], how="left", suffixes=("_ours", "_pandas"))
    differ = both[(both["status_ours"] != both["status_pandas"]) | (both["due_ours"] != both["due_pandas"])]
    print(f"pandas vs engine: {len(both)} timers compared (every one the run recorded), {len(differ)} differ")
    if len(differ):
        print(differ.head(10).to_string(index=False))
    return 0 if len(differ) == 0 else 1


if __name__ == "__main__":
    db, as_of, holidays = sys.argv[1], pd.Timestamp(sys.argv[2]), sys.argv[3]
    t0 = time.perf_counter()
    result = compute(db, as_of, holidays)
    t1 = time.perf_counter()
    print(f"pandas_seconds={t1 - t0:.3f} cases={result['case_id'].nunique()} timers={len(result)}")
    if "--compare" in sys.argv:
        sys.exit(compare(db, result))
