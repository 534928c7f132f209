"""Deterministic benchmark data: skewed event logs and their weight table.

N events (6M quick, 60M full, 300M large) from about 1M customers whose activity follows a
Zipf-like law (a few customers with very many events: the busiest has about 1.3% of all events at
1M customers; optionally one more customer with a fixed share of all events, for the skew case),
20 event types with positive, negative and fractional weights, spread over 92 days from 2026-07-01
(July, August and September complete). Written as Parquet partitioned by event_date (the UTC
date), columns event_id, customer_id, event_type, event_ts (TIMESTAMP, UTC), in chunks, so memory
stays flat whatever N. Same arguments, same rows.

Usage (Spark venv, from the repository root):
  .venv/spark/bin/python bench/generate_events.py --events 6000000 --out out/bench/events-6m
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds

START = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
DAYS = 92
CHUNK = 2_000_000
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


def chunk(rng: np.random.Generator, first_id: int, n: int, activity: np.ndarray, hot: float):
    """n events: a `hot` share from one extra customer (the last id), the rest by `activity`."""
    customers = rng.choice(len(activity), size=n, p=activity)
    if hot > 0:
        customers[rng.random(n) < hot] = len(activity)
    shares = np.array([share for _, _, share in EVENT_TYPES])
    types = rng.choice(len(EVENT_TYPES), size=n, p=shares / shares.sum())
    offsets = rng.integers(0, DAYS * 86_400_000_000, size=n, dtype=np.int64)
    start_us = int(START.timestamp() * 1_000_000)
    micros = start_us + offsets
    names = np.array([name for name, _, _ in EVENT_TYPES])
    return pa.table(
        {
            "event_id": pa.array(np.char.add("e", np.arange(first_id, first_id + n).astype(str))),
            "customer_id": customer_ids(customers),
            "event_type": pa.array(names[types]),
            "event_ts": pa.array(micros, type=pa.timestamp("us", tz="UTC")),
            "event_date": pa.array(
                (micros // 86_400_000_000).astype("datetime64[D]"), type=pa.date32()
            ),
        }
    )


def generate(out: Path, events: int, customers: int, hot_share: float, seed: int) -> None:
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
        ds.write_dataset(
            chunk(rng, written, n, activity, hot_share),
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
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.events, args.customers, args.hot_share, args.seed)


if __name__ == "__main__":
    main()
