"""Hops and ping-pong over a generic event export, in pandas, as an analyst would script it.

The definitions are the project's (docs/metrics.md): a ticket's group path is its
assignment events' group_after, ordered by event_at then event_seq (then file order),
missing groups dropped, consecutive repeats collapsed; hops = path length - 1; ping-pong is
A -> B -> A on the collapsed path. Only the five columns the question needs are read, and
the work is vectorised (no Python loop per row), so the comparison is with good pandas.

Usage: python3 bench/pandas_paths.py generic-events.csv   -> one JSON line on stdout
"""
import json
import sys
import time

import pandas as pd


def main(path: str) -> None:
    t0 = time.perf_counter()
    df = pd.read_csv(
        path,
        usecols=["ticket_id", "event_seq", "event_at", "event_kind", "group_after"],
        dtype={"ticket_id": "string", "event_kind": "string", "group_after": "string"},
        keep_default_na=False,
        na_values=[""],
    )
    t1 = time.perf_counter()

    tickets = int(df["ticket_id"].nunique())
    df["row"] = range(len(df))
    kind = df["event_kind"].str.strip().str.lower()
    a = df[(kind == "assignment") & df["group_after"].notna()].copy()
    a["at"] = pd.to_datetime(a["event_at"], utc=True)
    a["seq"] = pd.to_numeric(a["event_seq"], errors="coerce")
    a = a.sort_values(["ticket_id", "at", "seq", "row"], kind="stable", na_position="last")

    tid = a["ticket_id"].to_numpy()
    grp = a["group_after"].to_numpy()
    same_ticket_as_prev = pd.Series(tid).eq(pd.Series(tid).shift(1)).to_numpy()
    repeat = same_ticket_as_prev & pd.Series(grp).eq(pd.Series(grp).shift(1)).to_numpy()
    path = a.loc[~repeat, ["ticket_id", "group_after"]].reset_index(drop=True)

    length = path.groupby("ticket_id", sort=False).size()
    hops = length - 1
    ptid = path["ticket_id"]
    pgrp = path["group_after"]
    ping = ptid.eq(ptid.shift(2)) & pgrp.eq(pgrp.shift(2))
    ping_pong_tickets = int(ptid[ping].nunique())
    t2 = time.perf_counter()

    print(json.dumps({
        "pandas": pd.__version__,
        "rows": int(len(df)),
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
