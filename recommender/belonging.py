"""The first stage of the served score: P(the firm belongs to the chain | its words).

The served score is P(belongs)^power × P(comes | approached) (``rankers.TwoStageRanker``). The second factor is
the ranker's; this one is a text reader fitted with it, at training time, on what the office knew before the
training cutoff:

- the office's labels: a firm approached for a chain and taken to 考察 or further, or hosted as a local
  firm, is an example of that chain (``tag_learning.labelled_examples``);
- weak labels from industry codes: a firm whose GB/T 4754 class maps strongly to a chain is a weak
  example of it, one whose class is specific and maps to no chain a weak example of none — at most
  ``WEAK_PER_CLASS`` of each, so the fit stays within seconds however many firms the database holds.

It reads the same text the rankers read (``features.with_text``: main products and scope without the
registry's boilerplate), so scoring a million candidates needs no second parse of their scopes. The
tagger still decides who is a candidate and for which segment; this reader only says how likely the
firm is to be a firm of that chain at all, learned from the office's own firms, where the tagger's
confidence says how well its keywords matched. Where it has no opinion (a chain it has no examples of,
a firm with nothing to read) the tagger's confidence stands in.

On dev worlds (seeds 101–106, README) this factor in place of the tagger's confidence ranked the whole
candidate list closer to the truth on most cells.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recommender import forking
from recommender.features import enterprise_texts
from recommender.tag_learning import PARALLEL_PROBA, fit_chain_reader, labelled_examples

WEAK_PER_CLASS = 2000


def belonging_examples(snap, until, weak_per_class: int = WEAK_PER_CLASS) -> pd.DataFrame:
    """(enterprise_id, text, chain, weight) known before ``until``: the office's labels, then at most
    ``weak_per_class`` weak labels per class, each with the text the rankers read."""
    from recommender.tagging import class_map
    events = snap.events[pd.to_datetime(snap.events["date"]) < pd.Timestamp(until)]
    examples = labelled_examples(snap.enterprises, events, snap.local_firms, class_map(), weak_per_class)
    texts = enterprise_texts(snap.enterprises[snap.enterprises["enterprise_id"].isin(set(examples["enterprise_id"]))])
    return examples.assign(text=examples["enterprise_id"].map(texts).fillna(""))


def fit_belonging(snap, until):
    """The text → {chains, none} reader of ``belonging_examples``, or None when they are too few."""
    examples = belonging_examples(snap, until)
    return fit_chain_reader(examples[examples["text"].str.len() > 4])


def belongs(reader, rows: pd.DataFrame) -> np.ndarray:
    """P(each row's chain | the row's ``text``); the row's ``tag_confidence`` where the reader has no opinion.

    >>> from recommender.tag_learning import fit_chain_reader
    >>> ex = pd.DataFrame({"text": ["锂电池隔膜制造"] * 12 + ["服务器机房运维"] * 12,
    ...                    "chain": ["power_battery"] * 12 + ["data_center"] * 12})
    >>> reader = fit_chain_reader(ex)
    >>> rows = pd.DataFrame({"text": ["湿法隔膜制造", "湿法隔膜制造", ""], "chain": ["power_battery", "data_center",
    ...                      "power_battery"], "tag_confidence": [0.9, 0.9, 0.4]})
    >>> p = belongs(reader, rows)
    >>> bool(p[0] > 0.5 > p[1]), float(p[2])
    (True, 0.4)
    """
    fallback = rows["tag_confidence"].clip(0.0, 1.0).to_numpy(dtype=float)
    if reader is None or not len(rows):
        return fallback
    text = rows["text"].fillna("").astype(str)
    column = pd.Index(reader.classes_).get_indexer(rows["chain"])
    known = (column >= 0) & (text.str.len() > 4).to_numpy()
    out = fallback.copy()
    if known.any():  # each distinct text is read once (a firm has a row for every segment it could fill), many
        which, distinct = pd.factorize(text[known])  # of them by forked processes, as the tagger's readers are
        parts = forking.map_chunks(reader.predict_proba, list(distinct), None, PARALLEL_PROBA)
        out[known] = np.vstack(parts)[which, column[known]]
    return out
