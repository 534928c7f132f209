"""The benchmark's data generator: deterministic, the documented shape, and skew on demand."""

from __future__ import annotations

import importlib.util
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[4]
spec = importlib.util.spec_from_file_location("generate_events", ROOT / "bench/generate_events.py")
generate_events = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate_events)


def rows(out: Path) -> list[dict]:
    partitioning = ds.partitioning(pa.schema([("event_date", pa.date32())]), flavor="hive")
    table = ds.dataset(out / "events", format="parquet", partitioning=partitioning).to_table()
    return sorted(table.to_pylist(), key=lambda r: r["event_id"])


def test_the_same_arguments_give_the_same_rows(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate_events.generate(tmp_path / name, 20_000, 1_000, 0.0, seed)

    assert rows(tmp_path / "a") == rows(tmp_path / "b")
    assert rows(tmp_path / "a") != rows(tmp_path / "c")


def test_events_cover_92_utc_days_twenty_weighted_types_and_skewed_customers(tmp_path):
    generate_events.generate(tmp_path, 50_000, 5_000, 0.0, seed=1)
    events = rows(tmp_path)

    assert len(events) == len({e["event_id"] for e in events}) == 50_000
    assert {e["event_ts"].date() for e in events} == {e["event_date"] for e in events}
    assert len({e["event_date"] for e in events}) == 92
    weights = dict(
        line.split(",") for line in (tmp_path / "weights.csv").read_text().splitlines()[1:]
    )
    assert len(weights) == 20 and {e["event_type"] for e in events} <= set(weights)
    assert any(Decimal(w) < 0 for w in weights.values())
    assert any(Decimal(w) != int(Decimal(w)) for w in weights.values())
    busiest = Counter(e["customer_id"] for e in events).most_common(1)[0][1]
    assert busiest > 50 * len(events) / 5_000, "a few customers have very many events"


def test_the_hot_customer_gets_its_share(tmp_path):
    generate_events.generate(tmp_path, 40_000, 5_000, 0.05, seed=3)

    hot = sum(e["customer_id"] == "cust-5000" for e in rows(tmp_path))
    assert 0.045 * 40_000 <= hot <= 0.055 * 40_000


def test_one_event_per_active_day_is_the_default_shape(tmp_path):
    generate_events.generate(tmp_path / "default", 20_000, 1_000, 0.05, 7)
    generate_events.generate(tmp_path / "one", 20_000, 1_000, 0.05, 7, events_per_active_day=1)

    assert rows(tmp_path / "default") == rows(tmp_path / "one")


def test_active_days_repeat_a_few_event_types(tmp_path):
    events_count, per_day = 20_000, 20
    for name in ("a", "b"):
        generate_events.generate(tmp_path / name, events_count, 1_000, 0.0, 7, per_day)
    events = rows(tmp_path / "a")

    assert events == rows(tmp_path / "b"), "same arguments, same rows"
    assert len(events) == len({e["event_id"] for e in events}) == events_count
    assert {e["event_ts"].date() for e in events} == {e["event_date"] for e in events}
    assert len({e["event_date"] for e in events}) == 92
    # At most three types per active day and about events / 20 = 1,000 active days (geometric
    # sizes of mean 20: the count varies by a few percent): at most ~3,000 (customer, day, type)
    # rows; 4,000 = 0.2 x events leaves room. Independent events (the default) make ~20,000.
    daily_counts = {(e["customer_id"], e["event_date"], e["event_type"]) for e in events}
    assert len(daily_counts) <= 0.2 * events_count
    active_days = {(e["customer_id"], e["event_date"]) for e in events}
    assert len(active_days) <= 1.2 * events_count / per_day
    assert len({e["event_type"] for e in events}) == 20, "the mix keeps every type"


def test_the_customer_dimension_makes_every_customer_active_in_every_period(tmp_path):
    generate_events.write_customers(tmp_path / "customers.parquet", 1_000, 0.05)
    generate_events.write_customers(tmp_path / "again.parquet", 1_000, 0.05)
    customers = pq.read_table(tmp_path / "customers.parquet")

    assert customers.equals(pq.read_table(tmp_path / "again.parquet"))
    assert customers.column_names == ["customer_id", "active_from", "active_to"]
    ids = customers["customer_id"].to_pylist()
    assert ids == [f"cust-{i}" for i in range(1_001)], "with the hot customer, cust-1000"
    assert max(customers["active_from"].to_pylist()) < generate_events.START.date()
    assert customers["active_to"].null_count == 1_001
