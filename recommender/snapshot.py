"""What the store holds, read once, and the region views built from it.

A Snapshot turns stored firms and landed deals into the frames chains.state
wants: one row per (firm, chain, segment). A firm's segments are the ones its
file gave, else the ones the tagger read (within its chain when one is given).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from chains.gaps import centrality, gap_table
from chains.graph import segment_graph
from chains.regions import Region
from chains.state import region_state
from chains.templates import Chain, load_chains
from recommender import schema as t
from recommender.parquet_cache import ParquetCache
from recommender.store import Store


# every enterprise column but the import's leftovers (``extra``, a JSON cell per firm) and ``updated_at``:
# nothing downstream reads them, and decoding a million JSON cells cost 5 s of every load
SNAPSHOT_COLUMNS = [c.name for c in t.enterprises.columns if c.name not in ("extra", "updated_at")]


@dataclass
class Snapshot:
    enterprises: pd.DataFrame
    local_firms: pd.DataFrame
    events: pd.DataFrame
    tags: pd.DataFrame
    relations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["enterprise_id", "related_id", "related_name", "relation", "source", "date", "amount_wan"]))
    chains: dict[str, Chain] = field(default_factory=load_chains)
    regions: dict[str, Region] = field(default_factory=dict)
    revision: int = 0

    @classmethod
    def load(cls, store: Store, keep: bool = False) -> "Snapshot":
        """What the store holds now. The two large tables (enterprises and their tags) are read from Parquet
        files beside a SQLite file when files of this data revision are there; ``keep`` writes them when they
        are not (the app does: its first log-in at 1.2M enterprises then reads them in seconds, not a minute)."""
        chains = load_chains()
        revision = store.data_revision()
        cache = ParquetCache.beside(store)
        key = store.revision_id() if cache else ""
        read = {"enterprises": lambda: store.enterprises(SNAPSHOT_COLUMNS), "tags": store.tags}
        large = {name: cache.get(name, key) if cache else None for name in read}
        missing = [name for name, frame in large.items() if frame is None]
        large.update({name: read[name]() for name in missing})
        snap = cls(enterprises=large["enterprises"], local_firms=store.local_firms(), events=store.deal_events(),
                   tags=large["tags"], relations=store.relations(), chains=chains, regions=store.regions(chains),
                   revision=revision)
        if store.data_revision() != revision:  # a change landed while this was read: read it all again
            return cls.load(store, keep)
        if keep and cache:
            for name in missing:
                cache.put(name, key, large[name])
        return snap

    @cached_property
    def graph(self):
        return segment_graph(self.chains)

    @cached_property
    def centrality(self) -> dict:
        return centrality(self.graph)

    @cached_property
    def best_tags(self) -> pd.DataFrame:
        """Tag rows with a segment, best first per enterprise."""
        t = self.tags[self.tags["segment"].astype(str) != ""]
        return t.sort_values(["enterprise_id", "confidence"], ascending=[True, False])

    def _segments_for(self, ids: pd.Series, chains: pd.Series, given: pd.Series | None) -> pd.DataFrame:
        """Expand (enterprise, chain[, 'c.s;c.s']) rows to (enterprise, chain, segment) rows."""
        rows = []
        tags = self.best_tags[self.best_tags["enterprise_id"].isin(set(ids))]  # these firms only, not all of Beijing
        groups = {k: g for k, g in tags.groupby("enterprise_id")} if len(tags) else {}
        for i, (eid, chain) in enumerate(zip(ids, chains)):
            explicit = given.iloc[i] if given is not None else ""
            if isinstance(explicit, str) and explicit:
                for key in explicit.split(";"):
                    c, _, s = key.partition(".")
                    rows.append((i, c, s))
                continue
            g = groups.get(eid)
            if g is None:
                continue
            if chain and (g["chain"] == chain).any():  # else: what the firm does, whatever chain it was pursued for
                g = g[g["chain"] == chain]
            for c, s in zip(g["chain"].head(2), g["segment"].head(2)):
                rows.append((i, c, s))
        return pd.DataFrame(rows, columns=["i", "chain", "segment"])

    def _known_leader_segments(self, f: pd.DataFrame) -> pd.Series:
        """A firm's given segments; for a leader given by name and chain only, with nothing to read, the segments
        its region file names for a leader of that name (宝坻's seed leaders), so it still counts on the map."""
        known = {(r.id, leader["name"]): ";".join(f"{leader['chain']}.{s}" for s in leader.get("segments", []))
                 for r in self.regions.values() for leader in r.leaders}
        read = set(self.best_tags["enterprise_id"])
        given = f["segments"] if "segments" in f else pd.Series("", index=f.index)
        return pd.Series([g if (isinstance(g, str) and g) or eid in read else known.get((region, name), g)
                          for g, eid, region, name in zip(given, f["enterprise_id"], f["region_id"], f["name"])],
                         index=f.index, dtype=object)

    @cached_property
    def firm_rows(self) -> pd.DataFrame:
        """Local firms, one row per (firm, region, chain, segment), with ``since``."""
        f = self.local_firms.reset_index(drop=True)
        f["segments"] = self._known_leader_segments(f)
        if not len(f):
            return pd.DataFrame(columns=["enterprise_id", "name", "region", "chain", "segment", "is_leader",
                                         "park", "since"])
        seg = self._segments_for(f["enterprise_id"], f["chain"], f["segments"])
        out = f.iloc[seg["i"]].reset_index(drop=True)
        out["chain"], out["segment"] = seg["chain"].values, seg["segment"].values
        return out.rename(columns={"region_id": "region"})[
            ["enterprise_id", "name", "region", "chain", "segment", "is_leader", "park", "since"]]

    @cached_property
    def landing_rows(self) -> pd.DataFrame:
        """Landed deals (落地) as local firms from their landing date."""
        ev = self.events[self.events["stage"] == "落地"].sort_values("date").drop_duplicates(
            ["enterprise_id", "region_id", "chain"]).reset_index(drop=True)
        cols = ["enterprise_id", "name", "region", "chain", "segment", "date", "park"]
        if not len(ev):
            return pd.DataFrame(columns=cols)
        given = pd.Series([f"{c}.{s}" if c and s else "" for c, s in zip(ev["chain"], ev["segment"])])
        seg = self._segments_for(ev["enterprise_id"], ev["chain"], given)
        out = ev.iloc[seg["i"]].reset_index(drop=True)
        out["chain"], out["segment"] = seg["chain"].values, seg["segment"].values
        out["name"] = out["enterprise_id"].map(self.names)
        return out.rename(columns={"region_id": "region"})[cols]

    def state(self, region: str, as_of=None) -> pd.DataFrame:
        """Local firms of a region on a date (default: today)."""
        as_of = pd.Timestamp.today().normalize() if as_of is None else pd.Timestamp(as_of)
        return region_state(self.firm_rows, self.landing_rows, region, as_of)

    def gaps(self, region: str, as_of=None) -> pd.DataFrame:
        """The contract's gap table for a region on a date."""
        return gap_table(self.graph, self.state(region, as_of), self.regions[region].chains, self.centrality)

    @cached_property
    def names(self) -> pd.Series:
        """Each enterprise's name, by enterprise_id."""
        e = self.enterprises
        return pd.Series(e["name"].to_numpy(), index=e["enterprise_id"].to_numpy()).rename("name")

    @cached_property
    def attributes(self) -> pd.DataFrame:
        from recommender.features import enterprise_attributes
        return enterprise_attributes(self.enterprises)

    def attributes_for(self, ids) -> pd.DataFrame:
        """``attributes`` of these enterprises only: taken from all of them once computed, else read for these
        alone (training reads a few thousand firms of a million) and kept, with the same values."""
        from recommender.features import enterprise_attributes
        ids = set(ids)
        if "attributes" in self.__dict__ or 4 * len(ids) > len(self.enterprises):
            return self.attributes[self.attributes["enterprise_id"].isin(ids)]
        read = self.__dict__.get("_some_attributes")
        missing = ids - set(read["enterprise_id"]) if read is not None else ids
        if missing:  # their rows found by the names' index, not by a scan of every enterprise
            at = self.names.index.get_indexer(list(missing))
            new = enterprise_attributes(self.enterprises.iloc[np.sort(at[at >= 0])], population=self._sizes)
            read = new if read is None else pd.concat([read, new], ignore_index=True)
            self.__dict__["_some_attributes"] = read
        return read[read["enterprise_id"].isin(ids)]

    @cached_property
    def _sizes(self) -> pd.DataFrame:
        """Every enterprise's employees and capital as numbers, read once (the medians a few firms read alone get)."""
        return self.enterprises[["employees", "registered_capital_wan"]].apply(pd.to_numeric, errors="coerce")

    def median_age(self, as_of) -> float:
        """The median age of every enterprise on the date, as median_age_of gives it (10 when no founding date
        is known), from the sorted founding dates: the two middle firms are the same on every date."""
        f, as_of = self._founded_sorted, pd.Timestamp(as_of)
        if not len(f) or pd.isna(as_of):  # no date known, or no date asked: no age (as median_age_of)
            return 10.0
        middle = f[[(len(f) - 1) // 2, len(f) // 2]]
        days = (np.datetime64(as_of) - middle) // np.timedelta64(1, "D")
        return float(np.mean(days / 365.25))

    @cached_property
    def _founded_sorted(self) -> np.ndarray:
        return np.sort(self.founded.dropna().to_numpy())

    @cached_property
    def founded(self) -> pd.Series:
        """Every enterprise's founding date."""
        return pd.to_datetime(self.enterprises["founded"], errors="coerce")

    @cached_property
    def texts(self) -> pd.Series:
        """What each enterprise says it does, for rankers that read text (enterprise_id → text)."""
        from recommender.features import enterprise_texts
        return enterprise_texts(self.enterprises)

    def local_ids(self, region: str, as_of=None) -> set:
        """Enterprises that are local firms of the region on the date (not candidates)."""
        as_of = pd.Timestamp.today().normalize() if as_of is None else pd.Timestamp(as_of)
        f = self.local_firms[self.local_firms["region_id"] == region]
        since = pd.to_datetime(f["since"])
        listed = set(f.loc[since.isna() | (since <= as_of), "enterprise_id"])
        ev = self.events
        landed = ev[(ev["stage"] == "落地") & (ev["region_id"] == region) & (pd.to_datetime(ev["date"]) <= as_of)]
        return listed | set(landed["enterprise_id"])  # landed firms are local even where no segment is known
