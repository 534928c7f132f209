"""Writes the example data set under examples/data (deterministic: same bytes' content every run).

Events: September to November 2026, Parquet partitioned by event_date (the UTC date), columns
customer_id, event_type, event_ts (TIMESTAMP, UTC). Customer acme-145 has, in October, exactly the
worked example of DOMAIN.md (raw score 145). A few events have no customer id, one has no time and
some have a type without a weight, so the run summary shows how such rows are counted.

Outcomes (examples/data/outcomes.csv, for the backtest, docs/backtesting.md): one per customer,
`churned` or `renewed`, dated 2026-12-01..2027-01-31, drawn with a planted signal: the log-odds of
churn are -1 + 1.0 x support tickets per month - 0.8 x projects added per month (September to
November averages), so tickets go with churn and projects with renewal. Drawn with their own
seeded generator, after the events, so the events do not depend on them.

Usage (from the repository root): python3 examples/make_example_data.py   (needs pyarrow)
"""

import datetime as dt
import math
import random
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parent / "data" / "events"
START = dt.date(2026, 9, 1)
END = dt.date(2026, 11, 30)
UTC = dt.UTC
OUTCOMES = OUT.parent / "outcomes.csv"
# The planted churn signal: log-odds = INTERCEPT + sum of PLANTED[type] x events of type per month.
INTERCEPT = -1.0
PLANTED = {"support_ticket_opened": 1.0, "project_added": -0.8}
MONTHS = 3

# Daily event-type probabilities per customer profile.
PROFILES = {
    "power": {"login": 0.95, "feature_used": 0.9, "project_added": 0.15, "team_member_added": 0.05},
    "regular": {
        "login": 0.6,
        "feature_used": 0.4,
        "project_added": 0.04,
        "support_ticket_opened": 0.03,
    },
    "drifting": {"login": 0.2, "feature_used": 0.1, "support_ticket_opened": 0.05},
    "at_risk": {
        "login": 0.1,
        "support_ticket_opened": 0.1,
        "refund_issued": 0.02,
        "cancellation_requested": 0.01,
    },
}


def ts(day, rng):
    return dt.datetime(
        day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC
    )


def outcomes(rows, rng):
    """One outcome per customer: churned with the planted probability, on a day in Dec..Jan."""
    per_type = {}
    for customer, event_type, _ in rows:
        if customer is not None:
            counts = per_type.setdefault(customer, dict.fromkeys(PLANTED, 0))
            if event_type in PLANTED:
                counts[event_type] += 1
    lines = ["customer_id,outcome,outcome_date"]
    for customer in sorted(per_type):
        log_odds = INTERCEPT + sum(PLANTED[t] * n / MONTHS for t, n in per_type[customer].items())
        churned = rng.random() < 1 / (1 + math.exp(-log_odds))
        day = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randrange(62))
        lines.append(f"{customer},{'churned' if churned else 'renewed'},{day}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(145)
    rows = []
    for i in range(1, 41):
        profile = list(PROFILES)[i % len(PROFILES)]
        customer = f"cust-{i:03d}"
        day = START
        while day <= END:
            for event_type, p in PROFILES[profile].items():
                if rng.random() < p:
                    rows.append((customer, event_type, ts(day, rng)))
            if rng.random() < 0.02:
                rows.append((customer, "legacy_page_view", ts(day, rng)))  # no weight
            day += dt.timedelta(days=1)
    # DOMAIN.md's example in October: 30 logins, 4 team members, 5 projects, 1 upgrade = 145.
    october = [dt.date(2026, 10, d) for d in range(1, 31)]
    for event_type, n in [
        ("login", 30),
        ("team_member_added", 4),
        ("project_added", 5),
        ("upgraded_to_paid", 1),
    ]:
        for day in october[:n]:
            rows.append(
                ("acme-145", event_type, dt.datetime(day.year, day.month, day.day, 10, tzinfo=UTC))
            )
    for day in (dt.date(2026, 9, 14), dt.date(2026, 10, 7), dt.date(2026, 11, 3)):
        rows.append((None, "login", ts(day, rng)))  # no customer id
    rows.sort(key=lambda r: (r[2], r[0] or "", r[1]))
    # An event without a time (in the 2026-10-07 partition): counted as null_time_events.
    rows.append(("cust-001", "login", None))

    table = pa.table(
        {
            "customer_id": pa.array([r[0] for r in rows], pa.string()),
            "event_type": pa.array([r[1] for r in rows], pa.string()),
            "event_ts": pa.array([r[2] for r in rows], pa.timestamp("us", tz="UTC")),
            "event_date": pa.array(
                [r[2].date() if r[2] else dt.date(2026, 10, 7) for r in rows], pa.date32()
            ),
        }
    )
    shutil.rmtree(OUT, ignore_errors=True)
    pq.write_to_dataset(
        table,
        OUT,
        partition_cols=["event_date"],
        basename_template="part-{i}.parquet",
    )
    OUTCOMES.write_text(outcomes(rows, random.Random(90)))
    print(f"wrote {len(rows)} events to {OUT} and outcomes to {OUTCOMES}")


if __name__ == "__main__":
    main()
