"""The command line: ``python -m recommender COMMAND --db DB ...`` (see shared/contract/README.md)."""
from __future__ import annotations

import argparse
import os
import sys

import pandas as pd

from chains.errors import ChainMatchError
from chains.regions import resolve_region
from recommender.output import write_table
from recommender.store import Store


def open_store(db) -> Store:
    """Open ``--db``; without it, the embedded default database, filled with the demo on first use."""
    store = Store.open(db)
    if db is None and not store.get_meta("demo_loaded"):
        from recommender.demo import load_demo
        print("First use: filling the embedded database with the demo world (示例)…", file=sys.stderr)
        load_demo(store)
    return store


def cmd_import(args) -> str:
    from recommender.importer import import_files
    if not (args.enterprises or args.firms or args.deals or args.relations):
        raise ChainMatchError("import needs at least one of --enterprises, --firms, --deals, --relations")
    counts = import_files(open_store(args.db), args.enterprises, args.firms, args.deals, user=args.user,
                          relations=args.relations)
    unmatched = counts.pop("relations_unmatched", [])
    return "\n".join(["imported " + ", ".join(f"{n} {k}" for k, n in counts.items()), *unmatched])


def cmd_tag(args) -> str:
    from recommender.importer import chain_reader
    from recommender.tag_learning import add_learned_chains, add_learned_segments, prior_reader, segment_reader
    from recommender.snapshot import SNAPSHOT_COLUMNS
    from recommender.tagging import Tagger
    store = open_store(args.db)
    frame = store.enterprises(SNAPSHOT_COLUMNS)  # local firms are enterprises too
    tags = add_learned_chains(Tagger.from_templates().tag_frame(frame), frame, chain_reader(store), prior_reader())
    tags = add_learned_segments(tags, frame, segment_reader())
    write_table(tags, args.out)
    return f"wrote {len(tags)} rows for {frame['enterprise_id'].nunique()} enterprises to {args.out}"


def cmd_gaps(args) -> str:
    from recommender.snapshot import Snapshot
    store = open_store(args.db)
    snap = Snapshot.load(store)
    region = resolve_region(args.region, snap.regions)
    as_of = pd.Timestamp(args.as_of) if args.as_of else None
    table = snap.gaps(region, as_of)
    if len(store.region_ids()) > 1:
        table.insert(0, "region", snap.regions[region].name)
    write_table(table, args.out)
    return f"wrote {len(table)} segments of {table['chain'].nunique()} chains for {snap.regions[region].name} to {args.out}"


def cmd_train(args) -> str:
    from recommender.training import train
    store = open_store(args.db)
    version, report = train(store, until=args.until, user=args.user)
    print(report.to_text())
    return f"registered model version {version} ({report.chosen}) and made it active"


def cmd_score(args) -> str:
    from chains.templates import resolve_chain
    from recommender.scoring import contract_columns, score_region, serving_model
    from recommender.snapshot import Snapshot
    store = open_store(args.db)
    snap = Snapshot.load(store)
    chain = resolve_chain(args.chain, snap.chains) if args.chain else None
    regions = [resolve_region(args.region, snap.regions)] if args.region else store.region_ids()
    version, model = serving_model(store)
    label = f"v{version}" if version else "rule score"
    if version is None:
        print("No trained model yet: the rule score serves (cold start).", file=sys.stderr)
    multi = len(store.region_ids()) > 1
    if args.engine == "dask":
        from recommender.distributed import open_client, score_partitioned
        client = open_client(args.scheduler)
        try:
            frames = [contract_columns(score_partitioned(snap, model, r, as_of=args.as_of, chain=chain, top=args.top,
                                                         client=client, partitions=args.partitions, url=store.url),
                                       snap.regions[r].name if multi else None) for r in regions]
        finally:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None and not args.scheduler:
                cluster.close()
    else:
        frames = [contract_columns(score_region(snap, model, r, as_of=args.as_of, chain=chain, top=args.top),
                                   snap.regions[r].name if multi else None) for r in regions]
    table = pd.concat(frames, ignore_index=True)
    write_table(table, args.out)
    return f"wrote {len(table)} scored rows (model {label}) to {args.out}"


def cmd_models(args) -> str:
    from recommender import registry
    store = open_store(args.db)
    if args.action == "list":
        v = registry.versions(store)
        if v.empty:
            return "no model versions yet (the rule score serves)"
        cols = ["version", "active", "kind", "created_at", "created_by", "train_until", "sha256", "note"]
        out = v[cols].assign(sha256=v["sha256"].str[:12])
        return out.to_string(index=False)
    if args.action == "promote":
        if args.version is None:
            raise ChainMatchError("promote needs --version N")
        registry.promote(store, args.version, args.user)
        return f"model version {args.version} is now active"
    version = registry.rollback(store, args.user)
    return f"rolled back: model version {version} is active again"


def cmd_users(args) -> str:
    from recommender.auth import DEMO_ACCOUNTS, ROLES, add_user, disable_demo_accounts, ensure_demo_accounts
    store = open_store(args.db)
    if args.ensure_demo:
        accounts = ensure_demo_accounts(store)
        if not accounts:
            return "demo accounts are disabled in this database (real data or a real admin was added)"
        lines = ["Demo accounts (示例账户) — they stop working when real data is imported or a real admin is added:"]
        lines += [f"  {u:<8} {ROLES[r]:<5} password: {p}" for u, r, p in accounts]
        return "\n".join(lines)
    if not (args.username and args.role and args.password):
        raise ChainMatchError("users needs --ensure-demo, or --username, --role and --password to add a user")
    add_user(store, args.username, args.password, args.role, args.display_name or args.username)
    store.audit(args.user, "add_user", "user", args.username, args.role)
    if args.role == "admin" and args.username not in {a[0] for a in DEMO_ACCOUNTS}:
        disable_demo_accounts(store, f"real admin {args.username} created", args.user)
    return f"user {args.username} ({ROLES[args.role]}) saved"


def cmd_demo(args) -> str:
    from recommender.demo import load_demo
    store = Store.open(args.db)
    if args.if_empty and store.get_meta("demo_loaded"):
        return "demo already loaded"
    counts = load_demo(store)
    from recommender.workbench import warm
    warm(store)
    return "loaded the demo world (示例): " + ", ".join(f"{n} {k}" for k, n in counts.items())


def _date(text):
    try:
        return pd.Timestamp(text).date().isoformat()
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m recommender",
                                     description="ChainMatch: industry-chain investment matchmaking (产业链招商推荐).")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", help="SQLAlchemy URL or SQLite file path (default: the embedded demo database)")
        p.add_argument("--user", default=os.environ.get("USER", "cli"), help=argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    p = add("import", cmd_import, "import enterprises, local firms and deals (CSV or .xlsx)")
    p.add_argument("--enterprises")
    p.add_argument("--firms")
    p.add_argument("--deals")
    p.add_argument("--relations", help="who supplies, buys from, invests in or is a branch of whom")
    p = add("tag", cmd_tag, "write what every enterprise does: chain, segment, confidence")
    p.add_argument("--out", required=True)
    p = add("gaps", cmd_gaps, "write the region's chain map and gaps")
    p.add_argument("--out", required=True)
    p.add_argument("--region")
    p.add_argument("--as-of", type=_date)
    p = add("train", cmd_train, "learn from deals before --until, register a new model version and make it active")
    p.add_argument("--until", type=_date)
    p = add("score", cmd_score, "write ranked candidates per chain with match type and reasons")
    p.add_argument("--out", required=True)
    p.add_argument("--chain")
    p.add_argument("--top", type=int)
    p.add_argument("--region", help="one region (default: every region in the database)")
    p.add_argument("--as-of", type=_date, help="score with the region and history as they stood on this date (default: today)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local: in this process; dask: partitioned by enterprise on a Dask cluster (same output)")
    p.add_argument("--scheduler", help="a Dask scheduler address (default with --engine dask: a local cluster)")
    p.add_argument("--partitions", type=int, help="partitions for --engine dask (default: 4 per worker)")
    p = add("models", cmd_models, "list model versions, promote one, or roll back to the previous one")
    p.add_argument("action", choices=["list", "promote", "rollback"])
    p.add_argument("--version", type=int)
    p = add("users", cmd_users, "create the demo accounts, or add or change a local account")
    p.add_argument("--ensure-demo", action="store_true")
    p.add_argument("--username")
    p.add_argument("--role", choices=["staff", "analyst", "manager", "admin"])
    p.add_argument("--password")
    p.add_argument("--display-name")
    p = add("demo", cmd_demo, "load the synthetic demo world (示例) into a database")
    p.add_argument("--if-empty", action="store_true", help="do nothing if the demo is already loaded")
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        message = args.func(args)
    except ChainMatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # an unexpected failure still gets one sentence, not a traceback
        if os.environ.get("CHAINMATCH_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set CHAINMATCH_DEBUG=1 for details)", file=sys.stderr)
        return 1
    if message:
        print(message)
    return 0
