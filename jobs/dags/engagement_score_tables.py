"""The tables an engagement-score run writes, as the DAGs know them, and their Airflow assets.

Shared by engagement_score_dag.py, which passes the paths to the job and declares them as the score
task's outlets, and by the DAGs scheduled on them (engagement_score_bi_refresh_dag.py). The job's
config files cannot be read when a DAG file is parsed, so the paths are DAG settings, read from the
environment then:

ENGAGEMENT_SCORE_OUTPUT   the score table (required): an absolute path or a URI with a bucket (or
                          host) and a key, e.g. s3a://lake/scores/engagement_scores; or a Unity
                          Catalog managed table as the Databricks provider names its assets,
                          databricks://<workspace host>/<catalog>/<schema>/<table>: the job then
                          writes the managed table catalog.schema.table (catalog.managed) and its
                          audit table <table>_runs beside it
ENGAGEMENT_SCORE_TABLES   companion tables the job writes, comma-separated name=path, e.g.
                          rejects=s3a://lake/scores/rejects,breakdown=s3a://lake/scores/breakdown;
                          names: the job's <name>.path settings in COMPANIONS. The audit table is
                          always there: <output>_runs unless listed (default: none)

An asset's URI is the table's location in one scheme, the one Airflow's providers and OpenLineage
use: file:///abs/path for a local path (or file:/abs/path), s3://bucket/key for s3a://, s3n:// and
s3://, any other URI as written with its scheme in lower case; no trailing slash. A managed
table's asset is its databricks:// URI, as ENGAGEMENT_SCORE_OUTPUT gives it.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from typing import NamedTuple
from urllib.parse import urlsplit

try:  # Airflow 3
    from airflow.sdk import Asset
except ImportError:  # Airflow 2.x: Datasets, the same idea
    from airflow.datasets import Dataset as Asset

# The job's companion tables (its <name>.path settings) that a DAG can declare. Not the aggregate:
# it is the job's internal cache of daily counts, not a table for anyone downstream.
COMPANIONS = ("audit", "rejects", "accounts", "drivers", "breakdown", "transitions", "restatements")
# Hadoop's S3 connectors and Airflow's s3:// name the same objects.
SCHEME_ALIASES = {"s3a": "s3", "s3n": "s3"}
EXAMPLE_OUTPUT = "s3a://lake/scores/engagement_scores"
# The Databricks provider's asset URI of a Unity Catalog table: host, then catalog/schema/table.
MANAGED = re.compile(r"databricks://([^/]+)/(\w+)/(\w+)/(\w+)", re.IGNORECASE)


def setting(name: str, default: str = "") -> str:
    """The deployment setting ENGAGEMENT_SCORE_<name>; empty means unset."""
    return os.environ.get(f"ENGAGEMENT_SCORE_{name}") or default


def flag(name: str, default: str) -> bool:
    """The deployment setting ENGAGEMENT_SCORE_<name> as true or false."""
    value = setting(name, default).strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"ENGAGEMENT_SCORE_{name} is {value!r}: set it to true or false.")
    return value == "true"


def asset_uri(path: str, setting_name: str) -> str:
    """The asset URI of a table path; ``setting_name`` names where the path came from in errors."""
    parts = urlsplit(path)
    scheme = parts.scheme.lower()
    if path.startswith("/") or (scheme == "file" and not parts.netloc):
        local = parts.path if scheme else path
        if local.startswith("/") and posixpath.normpath(local) != "/":
            return "file://" + posixpath.normpath(local)
    elif scheme and parts.netloc and parts.path.strip("/"):
        key = posixpath.normpath(parts.path)
        return f"{SCHEME_ALIASES.get(scheme, scheme)}://{parts.netloc}{key}"
    raise ValueError(
        f"{setting_name} is {path!r}: set it to a table's absolute path (/data/scores) or a URI "
        f"with a bucket and a key ({EXAMPLE_OUTPUT}), as the job's config gives it."
    )


def _companions(value: str) -> dict[str, str]:
    """ENGAGEMENT_SCORE_TABLES as companion name -> path, in the order given."""
    companions: dict[str, str] = {}
    for entry in filter(None, (e.strip() for e in value.split(","))):
        name, _, path = (part.strip() for part in entry.partition("="))
        if name not in COMPANIONS:
            near = difflib.get_close_matches(name, COMPANIONS, n=1)
            hint = f"did you mean {near[0]}? " if near else ""
            raise ValueError(
                f"ENGAGEMENT_SCORE_TABLES names {name!r}: {hint}"
                f"the companion tables are {', '.join(COMPANIONS)}."
            )
        if not path or name in companions:
            raise ValueError(
                f"ENGAGEMENT_SCORE_TABLES has {entry!r}: give each table once, as name=path, e.g. "
                "rejects=s3a://lake/scores/rejects,breakdown=s3a://lake/scores/breakdown."
            )
        companions[name] = path
    return companions


class Table(NamedTuple):
    """A table a run writes: where it is (a path, or a managed table's name), the job's arguments
    that point the job at it (over the config files'), and its asset."""

    location: str
    args: tuple[str, ...]
    asset: Asset


def tables() -> dict[str, Table]:
    """The tables a run writes and the DAGs declare, by the job's setting name (output, audit,
    rejects, ...: each <name>.path), the score table first. Raises ValueError naming the setting
    to fix."""
    output = setting("OUTPUT").rstrip("/")
    if not output:
        raise ValueError(
            "ENGAGEMENT_SCORE_OUTPUT is not set: set it to the score table's path, the job's "
            f"output.path (e.g. {EXAMPLE_OUTPUT}). The DAG passes it to the job and declares it "
            "as the asset that downstream DAGs are scheduled on."
        )
    companions = _companions(setting("TABLES"))
    audit = companions.pop("audit", None)
    managed = MANAGED.fullmatch(output)
    if output.lower().startswith("databricks:") and not managed:
        raise ValueError(
            f"ENGAGEMENT_SCORE_OUTPUT is {output!r}: a Unity Catalog managed table is "
            "databricks://<workspace host>/<catalog>/<schema>/<table>, e.g. "
            "databricks://dbc-1234.cloud.databricks.com/main/engagement/scores."
        )
    if managed:
        named = {
            "output": _managed(managed.group(0), managed.group(2, 3, 4)),
            "audit": _table("audit", audit) if audit else _managed(output + "_runs", None),
        }
    else:
        named = {
            "output": _table("output", output),
            "audit": _table("audit", audit or output + "_runs"),
        }
    named.update({name: _table(name, path) for name, path in companions.items()})
    first_with_uri: dict[str, str] = {}
    for name, table in named.items():
        if (first := first_with_uri.setdefault(table.asset.uri, name)) != name:
            raise ValueError(
                f"{_source(name)} and {_source(first)} are the same table, {table.asset.uri}: "
                "give each table its own path."
            )
    return named


def _source(name: str) -> str:
    """The setting a table's path comes from, for errors."""
    return "ENGAGEMENT_SCORE_OUTPUT" if name == "output" else f"ENGAGEMENT_SCORE_TABLES' {name}"


def _table(name: str, path: str) -> Table:
    """The table at ``path`` that the job's <name>.path setting names."""
    source = _source(name)
    uri = asset_uri(path, source)
    asset = Asset(uri=uri)
    if asset.uri != uri:  # Airflow 2 drops a URI's user part: abfss://container@account/...
        raise ValueError(
            f"{source} is {path!r}, whose asset {uri} this Airflow renames {asset.uri}: two "
            "tables could share an asset. Use a path whose URI Airflow keeps, or Airflow 3."
        )
    return Table(path, ("--set", f"{name}.path={path}"), asset)


def _managed(uri: str, parts: tuple[str, str, str] | None) -> Table:
    """A managed table at its databricks:// ``uri``: the score table, named by ``parts``
    (catalog, schema, table), or with None its audit table, which the job puts beside it."""
    if parts is None:
        name = ".".join(uri.split("/")[-3:])
        return Table(name, ("--set", "audit.path="), Asset(uri=uri))
    name = ".".join(parts)
    args = (
        "--set",
        f"catalog.table={name}",
        "--set",
        "catalog.managed=true",
        "--set",
        "output.path=",
    )
    return Table(name, args, Asset(uri=uri))
