"""Deterministic benchmark data: skewed event logs and their weight table.

N events (6M quick, 60M full, 300M large) from about 1M customers whose activity follows a
Zipf-like law (a few customers with very many events: the busiest has about 1.3% of all events at
1M customers; optionally one more customer with a fixed share of all events, for the skew case),
20 event types with positive, negative and fractional weights, spread over 92 days from 2026-07-01
(July, August and September complete). Written as Parquet partitioned by event_date (the UTC
date), columns event_id, customer_id, event_type, event_ts (TIMESTAMP, UTC), in chunks, so memory
stays flat whatever N. Same arguments, same rows.

With --events-per-active-day N > 1 (default 1: the shape above, unchanged), events come instead in
active days (a customer's day with events, drawn like single events: Zipf-like customers, uniform
days) of on average N events each (geometric sizes: many short days, a long tail), and each active
day draws its events from three event types (picked by the shares above, so the overall mix stays
the same) with probabilities 0.6, 0.3 and 0.1, as page views, logins and API calls repeat within a
day. The same total number of events, but at most three (customer, day, type) rows per active day:
about 3 x events / N rows of daily counts instead of about one per event. A busy customer can get
several active days on the same date; they merge into one.

Usage (Spark venv, from the repository root):
  .venv/spark/bin/python bench/generate_events.py --events 6000000 --out out/bench/events-6m
  .venv/spark/bin/python bench/generate_events.py --events 6000000 --events-per-active-day 20 \
    --out out/bench/events-6m-x20
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

START = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
DAYS = 92
CHUNK = 2_000_000
DAY_US = 86_400_000_000
# With --events-per-active-day > 1: the chances of an active day's first, second and third type.
DAY_TYPE_CHANCES = np.array([0.6, 0.3, 0.1])
# Event types: (name, weight, share of events). Shares sum to 1.
EVENT_TYPES = [
    ("login", "1", 0.30),
    ("page_view", "0.05", 0.20),
    ("feature_used", "0.25", 0.12),
    ("search", "0.1", 0.08),
    ("report_viewed", "0.5", 0.05),
    ("comment_added", "1.5", 0.04),
    ("file_uploaded", "2", 0.04),
    ("dashboard_created", "3", 0.03),
    ("integration_connected", "8", 0.02),
    ("project_added", "5", 0.02),
    ("team_member_added", "10", 0.015),
    ("api_key_created", "4", 0.01),
    ("export_run", "0.75", 0.02),
    ("upgraded_to_paid", "50", 0.002),
    ("support_ticket_opened", "-2.5", 0.02),
    ("error_seen", "-0.125", 0.02),
    ("payment_failed", "-7.5", 0.005),
    ("downgraded", "-25", 0.002),
    ("refund_issued", "-15", 0.003),
    ("cancellation_requested", "-20", 0.003),
]


def weights_csv() -> str:
    return "event_type,weight\n" + "".join(f"{name},{w}\n" for name, w, _ in EVENT_TYPES)


def customer_ids(indexes: np.ndarray) -> pa.Array:
    return pa.array(np.char.add("cust-", indexes.astype(str)))


def table(first_id: int, customers: np.ndarray, types: np.ndarray, micros: np.ndarray) -> pa.Table:
    """The events' columns: ids first_id.., customer indexes, type indexes, UTC microseconds."""
    names = np.array([name for name, _, _ in EVENT_TYPES])
    n = len(customers)
    return pa.table(
        {
            "event_id": pa.array(np.char.add("e", np.arange(first_id, first_id + n).astype(str))),
            "customer_id": customer_ids(customers),
            "event_type": pa.array(names[types]),
            "event_ts": pa.array(micros, type=pa.timestamp("us", tz="UTC")),
            "event_date": pa.array((micros // DAY_US).astype("datetime64[D]"), type=pa.date32()),
        }
    )


def type_shares() -> np.ndarray:
    shares = np.array([share for _, _, share in EVENT_TYPES])
    return shares / shares.sum()


def chunk_of_active_days(
    rng: np.random.Generator,
    first_id: int,
    n: int,
    activity: np.ndarray,
    hot: float,
    per_day: int,
) -> pa.Table:
    """n events in active days of on average `per_day` events (geometric sizes, the last one cut
    to make n), each day's events from three types drawn by their shares; a `hot` share of the
    active days belongs to one extra customer (the last id), the rest follow `activity`."""
    sizes = np.empty(0, dtype=np.int64)
    while sizes.sum() < n:
        more = rng.geometric(1 / per_day, size=max(16, int(1.1 * (n - sizes.sum()) / per_day)))
        sizes = np.concatenate([sizes, more])
    ends = np.cumsum(sizes)
    days = int(np.searchsorted(ends, n)) + 1  # the active days needed to reach n events
    sizes = sizes[:days]
    sizes[-1] -= ends[days - 1] - n
    customers = rng.choice(len(activity), size=days, p=activity)
    if hot > 0:
        customers[rng.random(days) < hot] = len(activity)
    day = rng.integers(0, DAYS, size=days)
    day_types = rng.choice(len(EVENT_TYPES), size=(days, 3), p=type_shares())
    # Each event: its active day, one of the day's three types, a time within the day.
    of_day = np.repeat(np.arange(days), sizes)
    slot = rng.choice(3, size=n, p=DAY_TYPE_CHANCES)
    start_us = int(START.timestamp() * 1_000_000)
    micros = start_us + day[of_day] * DAY_US + rng.integers(0, DAY_US, size=n, dtype=np.int64)
    return table(first_id, customers[of_day], day_types[of_day, slot], micros)


def chunk(rng: np.random.Generator, first_id: int, n: int, activity: np.ndarray, hot: float):
    """n events: a `hot` share from one extra customer (the last id), the rest by `activity`."""
    customers = rng.choice(len(activity), size=n, p=activity)
    if hot > 0:
        customers[rng.random(n) < hot] = len(activity)
    types = rng.choice(len(EVENT_TYPES), size=n, p=type_shares())
    offsets = rng.integers(0, DAYS * DAY_US, size=n, dtype=np.int64)
    start_us = int(START.timestamp() * 1_000_000)
    return table(first_id, customers, types, start_us + offsets)


def write_customers(path: Path, customers: int, hot_share: float) -> None:
    """The customer dimension of the data (customers.path): every customer the generator can pick
    (cust-0..cust-{customers - 1}, and the hot one when hot_share > 0), active from a day in
    2024-2025 (spread by id) and open-ended, so every one is active in every period of the data.
    Deterministic: no random numbers."""
    count = customers + (1 if hot_share > 0 else 0)
    ids = np.arange(count)
    active_from = np.datetime64("2024-01-01") + (ids % 500).astype("timedelta64[D]")
    pq.write_table(
        pa.table(
            {
                "customer_id": customer_ids(ids),
                "active_from": pa.array(active_from, type=pa.date32()),
                "active_to": pa.nulls(count, type=pa.date32()),
            }
        ),
        path,
    )


def generate(
    out: Path,
    events: int,
    customers: int,
    hot_share: float,
    seed: int,
    events_per_active_day: int = 1,
) -> None:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, customers + 1, dtype=np.float64)
    activity = ranks**-0.8
    activity /= activity.sum()
    if out.exists():
        shutil.rmtree(out)
    events_dir = out / "events"
    written = 0
    part = 0
    while written < events:
        n = min(CHUNK, events - written)
        if events_per_active_day == 1:
            events_chunk = chunk(rng, written, n, activity, hot_share)
        else:
            events_chunk = chunk_of_active_days(
                rng, written, n, activity, hot_share, events_per_active_day
            )
        ds.write_dataset(
            events_chunk,
            events_dir,
            format="parquet",
            partitioning=ds.partitioning(pa.schema([("event_date", pa.date32())]), flavor="hive"),
            basename_template=f"part-{part:05d}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
        )
        written += n
        part += 1
    (out / "weights.csv").write_text(weights_csv())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6_000_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument(
        "--hot-share", type=float, default=0.0, help="share of all events from one customer"
    )
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument(
        "--events-per-active-day",
        type=int,
        default=1,
        help="1: events independent of each other (the default shape); N > 1: active customer"
        " days of on average N events from three types each",
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.events_per_active_day < 1:
        parser.error("--events-per-active-day must be at least 1")
    generate(
        args.out,
        args.events,
        args.customers,
        args.hot_share,
        args.seed,
        args.events_per_active_day,
    )


if __name__ == "__main__":
    main()
    # Every file is written and closed; skip the interpreter's teardown, where Arrow's writer
    # threads can still be alive and abort the process ("terminate called without an active
    # exception", apache/arrow#36980: seen here at 60M events, after weights.csv was written).
    sys.stdout.flush()
    os._exit(0)
