"""Hops and ping-pong over a ServiceNow incident update log, in pandas, as an analyst would script it.

The update log has one row per update of an incident: its values as they stood after the
update, with sys_mod_count and sys_updated_on (day-first, '29/02/2016 01:16:05'). The
definitions are the project's (docs/metrics.md) as the ServiceNow connector applies them to
such a log (connectors/servicenow/build-servicenow-sql.ts):
- values are trimmed, and '' and '?' are missing;
- an incident's rows are ordered by sys_mod_count (a non-number last), then sys_updated_on,
  then file order; a row is an assignment to its assignment_group where that group is
  present and differs from the previous row's (a missing previous group differs); the
  first row is one when the incident has several rows or its reassignment_count is 0
  (or missing): a lone reassigned row gives no path;
- an assignment happens at sys_updated_on (opened_at where missing; a lone row at
  opened_at first); the group path is the assignments ordered by that instant, then
  sys_mod_count, then file order, consecutive repeats collapsed;
- hops = path length - 1 (0 for no path); ping-pong is A -> B -> A on the path.
Only the six columns the question needs are read, the sorts are on integer codes, and dates
are parsed only for the assignments (and for rows whose sys_mod_count ties), so the work is
vectorised (no Python loop per row): the comparison is with good pandas.

Usage: python3 bench/pandas_servicenow.py update-log.csv   -> one JSON line on stdout
"""
import json
import sys
import time

import numpy as np
import pandas as pd

DATE_FORMAT = "%d/%m/%Y %H:%M:%S"
COLUMNS = ["number", "assignment_group", "reassignment_count", "opened_at", "sys_mod_count", "sys_updated_on"]


def missing_to_nan(s: pd.Series) -> pd.Series:
    s = s.str.strip()
    return s.mask(s.isin(["", "?"]))


def main(path: str) -> None:
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=COLUMNS, dtype=str, keep_default_na=False, na_values=[""])
    t1 = time.perf_counter()

    number = missing_to_nan(df["number"])
    keep = number.notna().to_numpy()  # a row without a number is rejected
    df = df[keep]
    number = number[keep]
    row = np.flatnonzero(keep)  # file order
    tid, ticket_names = pd.factorize(number, sort=False)
    tickets = len(ticket_names)
    group = missing_to_nan(df["assignment_group"]).to_numpy(dtype=object)
    mod = pd.to_numeric(df["sys_mod_count"], errors="coerce").to_numpy(dtype=float)
    mod = np.sign(mod) * np.floor(np.abs(mod) + 0.5)  # try_cast to BIGINT rounds half away from zero ('3.5' -> 4)
    updated = missing_to_nan(df["sys_updated_on"]).to_numpy(dtype=object)
    opened = missing_to_nan(df["opened_at"]).to_numpy(dtype=object)
    n_rows = np.bincount(tid, minlength=tickets)[tid]

    # Order each incident's rows by sys_mod_count, then sys_updated_on, then file order. The
    # instant only decides between rows of one incident with the same sys_mod_count (or none),
    # so it is parsed for those rows alone.
    order = np.lexsort((row, mod, tid))
    t_o, m_o = tid[order], mod[order]
    same_as_prev = np.r_[False, (t_o[1:] == t_o[:-1]) & ((m_o[1:] == m_o[:-1]) | (np.isnan(m_o[1:]) & np.isnan(m_o[:-1])))]
    tied = same_as_prev | np.r_[same_as_prev[1:], False]
    if tied.any():
        at_tie = np.full(len(order), np.iinfo(np.int64).max, dtype=np.int64)  # NULLS LAST
        idx = order[tied]
        parsed = pd.to_datetime(pd.Series(updated[idx]), format=DATE_FORMAT, errors="coerce")
        at_tie[tied] = np.where(parsed.isna(), np.iinfo(np.int64).max, parsed.to_numpy().astype("datetime64[ns]").astype(np.int64))
        at_by_row = np.empty(len(order), dtype=np.int64)
        at_by_row[order] = at_tie
        order = np.lexsort((row, at_by_row, mod, tid))

    t_o = tid[order]
    g_o = pd.Series(group[order])
    first = np.r_[True, t_o[1:] != t_o[:-1]]
    prev_differs = ~g_o.eq(g_o.shift(1)).to_numpy()  # NaN never equals: a missing previous group differs
    has_group = g_o.notna().to_numpy()
    count = pd.to_numeric(pd.Series(df["reassignment_count"].to_numpy()[order]).str.strip(), errors="coerce")
    lone_ok = (count.fillna(0) == 0).to_numpy() | (n_rows[order] > 1)
    is_assignment = has_group & np.where(first, lone_ok, prev_differs)

    a = order[is_assignment]
    at_text = np.where(
        n_rows[a] > 1,
        pd.Series(updated[a]).fillna(pd.Series(opened[a])).to_numpy(dtype=object),
        pd.Series(opened[a]).fillna(pd.Series(updated[a])).to_numpy(dtype=object),
    )
    at = pd.to_datetime(pd.Series(at_text), format=DATE_FORMAT, errors="coerce")
    timed = at.notna().to_numpy()  # an event without an instant is no event
    a = a[timed]
    at_ns = at.to_numpy()[timed].astype("datetime64[ns]").astype(np.int64)
    mod_a = np.nan_to_num(mod[a], nan=0.0)  # the event's own order: coalesce(sys_mod_count, 0)
    e = a[np.lexsort((row[a], mod_a, at_ns, tid[a]))]

    # The group path: consecutive repeats collapsed.
    pt = pd.Series(tid[e])
    pg = pd.Series(group[e])
    repeat = (pt.eq(pt.shift(1)) & pg.eq(pg.shift(1))).to_numpy()
    pt = pt[~repeat].reset_index(drop=True)
    pg = pg[~repeat].reset_index(drop=True)
    hops = np.bincount(pt.to_numpy(), minlength=tickets) - 1
    hops[hops < 0] = 0
    ping = pt.eq(pt.shift(2)) & pg.eq(pg.shift(2))
    ping_pong_tickets = int(pt[ping].nunique())
    t2 = time.perf_counter()

    print(json.dumps({
        "pandas": pd.__version__,
        "rows": int(len(keep)),
        "read_s": round(t1 - t0, 3),
        "compute_s": round(t2 - t1, 3),
        "counts": {
            "tickets": tickets,
            "tickets_with_hops": int((hops > 0).sum()),
            "total_hops": int(hops.sum()),
            "ping_pong_tickets": ping_pong_tickets,
        },
    }))


if __name__ == "__main__":
    main(sys.argv[1])
