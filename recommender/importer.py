"""The contract import: files → validated frames → tags → one store transaction.

All files of one call are validated before anything is written; any problem in
any file raises SchemaError and the database is left as it was.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from chains.errors import InputError, SchemaError
from chains.templates import load_chains
from recommender.readers import read_table
from recommender.store import Store
from recommender.tag_learning import (add_learned_chains, add_learned_segments, fit_chain_reader, labelled_examples,
                                       prior_reader, segment_reader)
from recommender.tagging import Tagger, class_map
from recommender.validation import validate_deals, validate_enterprises, validate_firms, validate_relations


def _frame(source) -> tuple[pd.DataFrame, str]:
    """Read a path, or a (name, bytes) pair from an upload."""
    if isinstance(source, tuple):
        name, data = source
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            return read_table(path, display_name=name), name
    return read_table(source), Path(source).name


def chain_reader(store: Store, enterprises=None, firms=None, deals=None):
    """The text → chain model learned from the stored labelled examples plus this import's."""
    events = store.deal_events()[["enterprise_id", "chain", "stage"]]
    local = store.local_firms()[["enterprise_id", "chain"]]
    if deals is not None:
        events = pd.concat([events, deals[["enterprise_id", "chain", "stage"]]])
    if firms is not None:
        local = pd.concat([local, firms[["enterprise_id", "chain"]]])
    if events.empty and local.empty:
        return None
    text_cols = ["enterprise_id", "business_scope", "main_products", "industry_code"]
    known = store.enterprises()[text_cols]
    new_ents = [f[text_cols] for f in (enterprises, firms) if f is not None]
    if new_ents:
        known = pd.concat([known[~known["enterprise_id"].isin(pd.concat(new_ents)["enterprise_id"])], *new_ents])
    return fit_chain_reader(labelled_examples(known, events, local, class_map()))


def import_files(store: Store, enterprises=None, firms=None, deals=None, user=None, synthetic=False,
                 tagger: Tagger | None = None, relations=None) -> dict:
    """Validate and import up to four contract files; returns counts per kind.

    With a relations file, ``relations_unmatched`` lists one sentence per name that matched
    no known firm (kept as an outside party by name).
    """
    chains = load_chains()
    regions = store.regions(chains)
    ent = firm = deal = None
    names, problems, raw_ids = [], [], set()

    def checked(source, validate, ids=True):
        """Read and validate one file; its problems are collected so every file's are reported together."""
        try:
            frame, name = _frame(source)
            names.append(name)
            for col in ("enterprise_id", "统一社会信用代码"):  # ids of a file with problems still count as known
                if col in frame and ids:
                    raw_ids.update(frame[col].dropna().astype(str).str.strip())
            return validate(frame, name)
        except SchemaError as exc:
            problems.extend(exc.problems)
        except InputError as exc:
            problems.append(exc)
        return None

    if enterprises is not None:
        ent = checked(enterprises, validate_enterprises)
    if firms is not None:
        firm = checked(firms, lambda f, n: validate_firms(f, n, chains, regions))
    def deal_check(frame, name):
        known = set(store.enterprises()["enterprise_id"]) | raw_ids
        return validate_deals(frame, name, chains, regions, known)

    if deals is not None:
        deal = checked(deals, deal_check, ids=False)

    def relation_check(frame, name):
        stored = store.enterprises()[["enterprise_id", "name"]]
        known_names = dict(zip(stored["enterprise_id"], stored["name"]))
        for f in (ent, firm):
            if f is not None:
                known_names.update(zip(f["enterprise_id"], f["name"]))
        return validate_relations(frame, name, set(known_names), known_names)

    rel = checked(relations, relation_check, ids=False) if relations is not None else None
    if problems:
        raise SchemaError(problems)
    tagger = tagger or Tagger(chains)
    to_tag = [f for f in (ent, firm) if f is not None]
    tags = None
    if to_tag:
        frame = pd.concat(to_tag, ignore_index=True)
        tags = add_learned_chains(tagger.tag_frame(frame), frame, chain_reader(store, ent, firm, deal),
                                  prior_reader())
        tags = add_learned_segments(tags, frame, segment_reader())
    added = [r for r in regions.values() if r.id not in set(store.region_ids())]
    counts = store.write_import(enterprises=ent, firms=firm, deals=deal, tags=tags, synthetic=synthetic,
                                user=user, detail="import " + ", ".join(names), regions=added, relations=rel)
    if rel is not None:
        counts["relations_unmatched"] = rel.attrs["unmatched"]
    if not synthetic:  # real data from now on: the published demo passwords must stop working
        from recommender.auth import demo_accounts_active, disable_demo_accounts
        if demo_accounts_active(store):
            disable_demo_accounts(store, "real data imported: " + ", ".join(names), user)
    return counts
