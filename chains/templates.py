"""Chain templates: one YAML file per chain under data/chains/, validated on load.

A template lists segments (id, names, position, GB/T 4754-2017 classes, keywords,
typical products), supplier→customer edges inside the chain and `links` to
segments of other chains. Supply edges must form no cycle, except edges marked
``loop: true`` (recycling feeding raw materials again).

>>> chains = load_chains()
>>> sorted(chains)
['auto_parts', 'data_center', 'intelligent_equipment', 'power_battery']
>>> resolve_chain("汽车配件", chains)
'auto_parts'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import yaml

from chains.errors import ChainTemplateError, UnknownChainError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CHAINS_DIR = DATA_DIR / "chains"
POSITIONS = ("上游", "中游", "下游")


@dataclass(frozen=True)
class Segment:
    chain: str
    id: str
    name_zh: str
    name_en: str
    position: str
    industry_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    products: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.chain}.{self.id}"


@dataclass(frozen=True)
class Chain:
    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    chain_keywords: tuple[str, ...]
    segments: dict[str, Segment]
    edges: tuple[tuple[str, str, bool], ...]  # (supplier, customer, is_loop)
    links: tuple[tuple[str, str], ...] = field(default=())  # (own segment, "chain.segment")
    source: str = ""

    def names(self) -> set[str]:
        return {self.id, self.name_zh, *self.aliases}


def _need(doc: dict, key: str, where: str):
    value = doc.get(key)
    if value in (None, "", []):
        raise ChainTemplateError(f"{where}: missing '{key}'")
    return value


def parse_chain(doc: dict, source: str) -> Chain:
    """Validate one chain document (already parsed YAML) and build a Chain."""
    if not isinstance(doc, dict):
        raise ChainTemplateError(f"{source}: expected a mapping with id, name_zh, segments and edges")
    chain_id = str(_need(doc, "id", source))
    name_zh = str(_need(doc, "name_zh", source))
    segments: dict[str, Segment] = {}
    for i, s in enumerate(_need(doc, "segments", source), start=1):
        where = f"{source}: segment {i}"
        if not isinstance(s, dict):
            raise ChainTemplateError(f"{where}: expected a mapping")
        sid = str(_need(s, "id", where))
        where = f"{source}: segment '{sid}'"
        if sid in segments:
            raise ChainTemplateError(f"{where} is defined twice")
        position = str(_need(s, "position", where))
        if position not in POSITIONS:
            raise ChainTemplateError(f"{where}: position must be one of {'/'.join(POSITIONS)}, not '{position}'")
        codes = tuple(str(c) for c in s.get("industry_codes") or ())
        bad = [c for c in codes if not (len(c) == 4 and c.isdigit())]
        if bad:
            raise ChainTemplateError(f"{where}: industry codes must be 4-digit GB/T 4754 classes, not {bad}")
        segments[sid] = Segment(
            chain=chain_id, id=sid, name_zh=str(_need(s, "name_zh", where)),
            name_en=str(s.get("name_en") or sid), position=position, industry_codes=codes,
            keywords=tuple(str(k) for k in _need(s, "keywords", where)),
            products=tuple(str(p) for p in s.get("products") or ()),
        )
    edges = []
    for e in doc.get("edges") or ():
        if isinstance(e, dict):
            a, b, loop = e.get("from"), e.get("to"), bool(e.get("loop", False))
        elif isinstance(e, (list, tuple)) and len(e) == 2:
            (a, b), loop = e, False
        else:
            raise ChainTemplateError(f"{source}: edge {e!r} must be [supplier, customer] or {{from, to, loop}}")
        for end in (a, b):
            if end not in segments:
                raise ChainTemplateError(f"{source}: edge {a} → {b} names unknown segment '{end}'")
        edges.append((str(a), str(b), loop))
    supply = nx.DiGraph((a, b) for a, b, loop in edges if not loop)
    if not nx.is_directed_acyclic_graph(supply):
        cycle = " → ".join(a for a, _ in nx.find_cycle(supply))
        raise ChainTemplateError(f"{source}: supply edges form a cycle ({cycle}); mark a recycling edge with loop: true")
    links = []
    for link in doc.get("links") or ():
        if not (isinstance(link, (list, tuple)) and len(link) == 2 and "." in str(link[1])):
            raise ChainTemplateError(f"{source}: link {link!r} must be [own_segment, other_chain.segment]")
        if link[0] not in segments:
            raise ChainTemplateError(f"{source}: link {link[0]} → {link[1]} names unknown segment '{link[0]}'")
        links.append((str(link[0]), str(link[1])))
    return Chain(
        id=chain_id, name_zh=name_zh, name_en=str(doc.get("name_en") or chain_id),
        aliases=tuple(str(a) for a in doc.get("aliases") or ()),
        chain_keywords=tuple(str(k) for k in doc.get("chain_keywords") or ()),
        segments=segments, edges=tuple(edges), links=tuple(links), source=source,
    )


def load_chains(directory: Path | str = CHAINS_DIR) -> dict[str, Chain]:
    """Load and validate every ``*.yaml`` chain file in ``directory``."""
    chains: dict[str, Chain] = {}
    for path in sorted(Path(directory).glob("*.y*ml")):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ChainTemplateError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None
        chain = parse_chain(doc, path.name)
        if chain.id in chains:
            raise ChainTemplateError(f"{path.name}: chain id '{chain.id}' is already defined in {chains[chain.id].source}")
        chains[chain.id] = chain
    if not chains:
        raise ChainTemplateError(f"{directory}: no chain files found")
    for chain in chains.values():
        for own, target in chain.links:
            other, _, seg = target.partition(".")
            if other not in chains or seg not in chains[other].segments:
                raise ChainTemplateError(f"{chain.source}: link {own} → {target} names an unknown chain segment")
    return chains


def resolve_chain(name: str, chains: dict[str, Chain]) -> str:
    """Return the chain id for an id, Chinese name or alias (surrounding spaces ignored)."""
    wanted = str(name).strip()
    for chain in chains.values():
        if wanted in chain.names() or wanted.lower() == chain.id:
            return chain.id
    known = ", ".join(f"{c.id} ({c.name_zh})" for c in chains.values())
    raise UnknownChainError(f"unknown chain '{name}'; known chains: {known}")


def resolve_segment(chain_id: str, name: str, chains: dict[str, Chain]) -> str:
    """Return the segment id for a segment id or Chinese name inside one chain.

    >>> resolve_segment("power_battery", "隔膜", load_chains())
    'separator'
    """
    wanted = str(name).strip()
    for seg in chains[chain_id].segments.values():
        if wanted in (seg.id, seg.name_zh, seg.name_en):
            return seg.id
    raise UnknownChainError(f"unknown segment '{name}' in chain {chain_id}")


def all_segments(chains: dict[str, Chain]) -> list[Segment]:
    return [seg for chain in chains.values() for seg in chain.segments.values()]
