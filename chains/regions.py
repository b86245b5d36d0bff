"""Regions as data: one YAML file per region under data/regions/.

>>> regions = load_regions()
>>> default_region(regions).name
'宝坻区'
>>> resolve_region("庆阳", regions)
'qingyang'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from chains.errors import ChainTemplateError, UnknownRegionError
from chains.parks import check_park
from chains.templates import DATA_DIR

REGIONS_DIR = DATA_DIR / "regions"


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    full_name: str
    is_default: bool
    aliases: tuple[str, ...]
    chains: tuple[str, ...]
    facts: tuple[str, ...]
    parks: tuple[dict, ...]
    leaders: tuple[dict, ...]
    local_firms: tuple[dict, ...]

    def names(self) -> set[str]:
        return {self.id, self.name, self.full_name, *self.aliases}


def load_regions(directory: Path | str = REGIONS_DIR, chain_ids=None) -> dict[str, Region]:
    """Load every region file; check that chains and segments named exist."""
    from chains.templates import load_chains

    chains = load_chains() if chain_ids is None else chain_ids
    regions = {}
    for path in sorted(Path(directory).glob("*.y*ml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("id", "name"):
            if not doc.get(key):
                raise ChainTemplateError(f"{path.name}: missing '{key}'")
        for firm in [*(doc.get("leaders") or []), *(doc.get("local_firms") or [])]:
            chain = firm.get("chain")
            if chain not in chains:
                raise ChainTemplateError(f"{path.name}: firm {firm.get('name')} names unknown chain '{chain}'")
            for seg in firm.get("segments") or []:
                if seg not in chains[chain].segments:
                    raise ChainTemplateError(f"{path.name}: firm {firm.get('name')} names unknown segment '{seg}'")
        parks = [p if isinstance(p, dict) else {} for p in doc.get("parks") or []]
        names = {p.get("name") for p in parks}
        for park in parks:
            problem = check_park(park, chains, names)
            if problem:
                raise ChainTemplateError(f"{path.name}: {problem}")
        regions[doc["id"]] = Region(
            id=doc["id"], name=doc["name"], full_name=doc.get("full_name", doc["name"]),
            is_default=bool(doc.get("default")), aliases=tuple(doc.get("aliases") or ()),
            chains=tuple(doc.get("chains") or ()), facts=tuple(doc.get("facts") or ()),
            parks=tuple(normalise_park(p) for p in parks), leaders=tuple(doc.get("leaders") or ()),
            local_firms=tuple(doc.get("local_firms") or ()),
        )
    if sum(r.is_default for r in regions.values()) != 1:
        raise ChainTemplateError(f"{directory}: exactly one region must be marked default: true")
    return regions


def normalise_park(park: dict) -> dict:
    """A park entry with every field present (lists as tuples), so callers need no defaults."""
    out = {"name": park["name"], "name_en": park.get("name_en") or "", "kind": park.get("kind"),
           "area_mu": park.get("area_mu"), "part_of": park.get("part_of") or "",
           "description_zh": park.get("description_zh") or "", "description_en": park.get("description_en") or "",
           "source": park.get("source"), "assumed": tuple(park.get("assumed") or ())}
    for key in ("takes", "focus_chains", "focus_segments", "excludes"):
        out[key] = tuple(park.get(key) or ())
    return out


def new_region(name: str) -> Region:
    """A region met for the first time in an imported file: its name is its id; no parks or chain list yet.

    >>> new_region(" 武清区 ").id
    '武清区'
    """
    name = str(name).strip()
    return Region(id=name, name=name, full_name=name, is_default=False, aliases=(), chains=(), facts=(),
                  parks=(), leaders=(), local_firms=())


def resolve_or_add_region(name, regions: dict[str, Region]) -> str:
    """Like resolve_region, but a name no region has yet becomes a new region (added to ``regions``)."""
    try:
        return resolve_region(name, regions)
    except UnknownRegionError:
        region = new_region(name)
        regions[region.id] = region
        return region.id


def default_region(regions: dict[str, Region]) -> Region:
    return next(r for r in regions.values() if r.is_default)


def resolve_region(name, regions: dict[str, Region]) -> str:
    """Region id for an id, name or alias; empty means the default region."""
    wanted = "" if name is None else str(name).strip()
    if not wanted:
        return default_region(regions).id
    for region in regions.values():
        if wanted in region.names():
            return region.id
    known = ", ".join(r.name for r in regions.values())
    raise UnknownRegionError(f"unknown region '{name}'; known regions: {known}")
