#!/usr/bin/python3
"""numpy's side of the working-day comparison, and the equality check of all three (run.sh).

  busday_peers.py inputs  triples.bin ROWS        # the shared random (from, n, to) triples
  busday_peers.py numpy   triples.bin holidays.txt numpy.bin
  busday_peers.py compare triples.bin ours.bin numpy.bin [quantlib.bin ours-holidays.txt ql-holidays.txt]

Triples are int32 (from, n, to), dates as days since 1970-01-01: `from` uniform over 2000-2030,
n uniform 1..130 working days (statutory limits run 3 to 65; 20 weeks is ~100), `to` from 0 to
400 days after `from`. Results are int32 (due, count): the n-th working day strictly after
`from`, and the working days in (from, to].

numpy: busday_offset(from, n, roll='backward') is the n-th business day after `from` whether or
not `from` is one; busday_count counts [begin, end), so (from, to] is busday_count(from+1, to+1).
"""
import sys
import time

import numpy as np

FIRST = np.datetime64("2000-01-01", "D").astype(np.int64)
LAST = np.datetime64("2030-12-31", "D").astype(np.int64)


def load(path, width):
    return np.fromfile(path, dtype="<i4").reshape(-1, width)


def make_inputs(path, rows):
    rng = np.random.default_rng(20261122)
    frm = rng.integers(FIRST, LAST + 1, rows, dtype=np.int32)
    n = rng.integers(1, 131, rows, dtype=np.int32)
    to = frm + rng.integers(0, 401, rows, dtype=np.int32)
    np.stack([frm, n, to], axis=1).astype("<i4").tofile(path)


def run_numpy(inputs, holidays_path, out):
    t = load(inputs, 3)
    holidays = np.array([line.strip() for line in open(holidays_path) if line.strip()], dtype="datetime64[D]")
    cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    frm = t[:, 0].astype("datetime64[D]")
    to = t[:, 2].astype("datetime64[D]")
    n = t[:, 1]
    one = np.timedelta64(1, "D")
    t0 = time.perf_counter()
    due = np.busday_offset(frm, n, roll="backward", busdaycal=cal)
    t1 = time.perf_counter()
    count = np.busday_count(frm + one, to + one, busdaycal=cal)
    t2 = time.perf_counter()
    np.stack([due.astype(np.int64), count], axis=1).astype("<i4").tofile(out)
    print(f"rows={len(t)} add_seconds={t1 - t0:.6f} count_seconds={t2 - t1:.6f}")


def iso(days):
    return str(np.datetime64(int(days), "D"))


def compare(inputs, ours_path, numpy_path, ql_path=None, ours_h=None, ql_h=None):
    t = load(inputs, 3)
    ours = load(ours_path, 2)
    theirs = load(numpy_path, 2)
    print(f"numpy: add differs in {int((ours[:, 0] != theirs[:, 0]).sum())} of {len(t)}; "
          f"count differs in {int((ours[:, 1] != theirs[:, 1]).sum())} of {len(t)}")
    ok = bool((ours == theirs).all())
    if ql_path:
        ql = load(ql_path, 2)
        k = len(ql)  # QuantLib may have answered only the first k inputs
        t, ours = t[:k], ours[:k]
        ours_days = {l.strip() for l in open(ours_h) if l.strip()}
        ql_days = {l.strip() for l in open(ql_h) if l.strip()}
        in_range = lambda d: "2000-01-01" <= d <= "2033-12-31"  # what the inputs can reach
        only_ours = sorted(d for d in ours_days - ql_days if in_range(d))
        only_ql = sorted(d for d in ql_days - ours_days if in_range(d))
        print("QuantLib UnitedKingdom vs GOV.UK (ours), 2000-2033: bank holidays only in ours: "
              + (", ".join(only_ours) or "none") + "; only in QuantLib: " + (", ".join(only_ql) or "none"))
        # An input is explained by a differing day when that day lies between `from` and the
        # later of its due date and `to`; every other input must agree exactly.
        differing = np.array(sorted(np.datetime64(d, "D").astype(np.int64) for d in only_ours + only_ql), dtype=np.int64)
        hi = np.maximum(ours[:, 0], t[:, 2]).astype(np.int64)
        first_after = np.searchsorted(differing, t[:, 0].astype(np.int64), side="right")
        touched = (first_after < len(differing)) & (differing[np.minimum(first_after, len(differing) - 1)] <= hi) \
            if len(differing) else np.zeros(len(t), dtype=bool)
        add_diff = ours[:, 0] != ql[:, 0]
        count_diff = ours[:, 1] != ql[:, 1]
        unexplained = int(((add_diff | count_diff) & ~touched).sum())
        print(f"QuantLib: add differs in {int(add_diff.sum())}, count in {int(count_diff.sum())} of {len(t)}; "
              f"{int(touched.sum())} inputs span a differing day; differences on inputs that do not: {unexplained}")
        ok = ok and unexplained == 0
    print("EQUAL" if ok else "NOT EQUAL")
    return 0 if ok else 1


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "inputs":
        make_inputs(sys.argv[2], int(sys.argv[3]))
    elif cmd == "numpy":
        run_numpy(*sys.argv[2:5])
    elif cmd == "compare":
        sys.exit(compare(*sys.argv[2:]))
