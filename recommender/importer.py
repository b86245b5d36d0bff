"""The contract import: files → validated frames → tags → one store transaction.

All files of one call are validated before anything is written; any problem in
any file raises SchemaError and the database is left as it was.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from chains.templates import load_chains
from recommender.readers import read_table
from recommender.store import Store
from recommender.tag_learning import add_learned_chains, fit_chain_reader, labelled_examples
from recommender.tagging import Tagger
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
    text_cols = ["enterprise_id", "business_scope", "main_products"]
    known = store.enterprises()[text_cols]
    new_ents = [f[text_cols] for f in (enterprises, firms) if f is not None]
    if new_ents:
        known = pd.concat([known[~known["enterprise_id"].isin(pd.concat(new_ents)["enterprise_id"])], *new_ents])
    return fit_chain_reader(labelled_examples(known, events, local))


def import_files(store: Store, enterprises=None, firms=None, deals=None, user=None, synthetic=False,
                 tagger: Tagger | None = None, relations=None) -> dict:
    """Validate and import up to four contract files; returns counts per kind.

    With a relations file, ``relations_unmatched`` lists one sentence per name that matched
    no known firm (kept as an outside party by name).
    """
    chains = load_chains()
    regions = store.regions(chains)
    ent = firm = deal = None
    names = []
    if enterprises is not None:
        frame, name = _frame(enterprises)
        ent, _ = validate_enterprises(frame, name), names.append(name)
    if firms is not None:
        frame, name = _frame(firms)
        firm, _ = validate_firms(frame, name, chains, regions), names.append(name)
    if deals is not None:
        frame, name = _frame(deals)
        known = set(store.enterprises()["enterprise_id"])
        for f in (ent, firm):
            if f is not None:
                known |= set(f["enterprise_id"])
        deal, _ = validate_deals(frame, name, chains, regions, known), names.append(name)
    rel = None
    if relations is not None:
        frame, name = _frame(relations)
        stored = store.enterprises()[["enterprise_id", "name"]]
        known_names = dict(zip(stored["enterprise_id"], stored["name"]))
        for f in (ent, firm):
            if f is not None:
                known_names.update(zip(f["enterprise_id"], f["name"]))
        rel, _ = validate_relations(frame, name, set(known_names), known_names), names.append(name)
    tagger = tagger or Tagger(chains)
    to_tag = [f for f in (ent, firm) if f is not None]
    tags = None
    if to_tag:
        frame = pd.concat(to_tag, ignore_index=True)
        tags = add_learned_chains(tagger.tag_frame(frame), frame, chain_reader(store, ent, firm, deal))
    added = [r for r in regions.values() if r.id not in set(store.region_ids())]
    counts = store.write_import(enterprises=ent, firms=firm, deals=deal, tags=tags, synthetic=synthetic,
                                user=user, detail="import " + ", ".join(names), regions=added, relations=rel)
    if rel is not None:
        counts["relations_unmatched"] = rel.attrs["unmatched"]
    return counts
