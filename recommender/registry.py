"""Model registry: immutable versions saved with skops, checksummed, with an active pointer and its history.

A version's file is loaded only if its sha256 matches the one recorded when it
was registered, and only with the types listed in TRUSTED_TYPES (never the types
the file itself names). Promote and roll back append to the activation history.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
from pathlib import Path

import pandas as pd
import skops.io as sio
from sqlalchemy import insert, select

from chains.errors import NoDataError, StaleModelError, UntrustedModelError
from recommender import schema as t
from recommender.store import ROOT, Store, in_memory

# The only types a model file may contain beyond skops' defaults for scikit-learn and numpy.
TRUSTED_TYPES = [
    "recommender.rankers.RuleRanker",
    "recommender.rankers.PairwiseLinearRanker",
    "recommender.rankers.GradientBoostingRanker",
    "recommender.rankers.TextScore",
    "recommender.rankers.WithTextScore",
    "recommender.rankers.BlendRanker",
    "recommender.rankers.TextTraitsRanker",
    "recommender.rankers.TwoStageRanker",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.calibration._CalibratedClassifier",  # the office's reader of who belongs to which chain
    "sklearn.calibration._SigmoidCalibration",
]


def model_dir(store: Store) -> Path:
    """Beside a SQLite file (``x.db`` → ``x.models/``); else CHAINMATCH_MODEL_DIR or var/models."""
    if os.environ.get("CHAINMATCH_MODEL_DIR"):
        path = Path(os.environ["CHAINMATCH_MODEL_DIR"])
    elif store.url.startswith("sqlite:///") and not in_memory(store.url):
        db = Path(store.url.removeprefix("sqlite:///"))
        path = db.with_suffix(".models")
    else:
        path = ROOT / "var" / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def library_versions() -> dict:
    import networkx
    import numpy
    import sklearn
    import skops
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": numpy.__version__,
            "pandas": pd.__version__, "networkx": networkx.__version__, "skops": skops.__version__}


def register(store: Store, model, *, kind: str, params: dict, metrics: dict, train_until, user: str | None,
             note: str = "", activate: bool = True) -> int:
    """Save ``model`` as a new immutable version; returns its number."""
    data = sio.dumps(model)
    digest = sha256(data)
    folder = model_dir(store)
    tmp = folder / f".incoming-{digest[:16]}.skops"
    tmp.write_bytes(data)
    now = dt.datetime.now().replace(microsecond=0)
    with store.write() as conn:
        version = conn.execute(insert(t.model_versions).values(
            created_at=now, created_by=user, kind=kind, file="", sha256=digest, params=params, metrics=metrics,
            train_until=pd.Timestamp(train_until).date() if train_until is not None else None,
            data_fingerprint=store.fingerprint(), libraries=library_versions(), note=note)).inserted_primary_key[0]
        final = folder / f"v{version:04d}-{digest[:12]}.skops"
        os.replace(tmp, final)
        conn.execute(t.model_versions.update().where(t.model_versions.c.version == version).values(file=final.name))
        if activate:
            conn.execute(insert(t.model_activations).values(at=now, version=version, by=user, action="train"))
        store.audit(user, "register_model", "model", version, f"{kind}; {note}", conn=conn)
    return version


def versions(store: Store) -> pd.DataFrame:
    frame = store.read(t.model_versions).sort_values("version").reset_index(drop=True)
    frame["active"] = frame["version"] == active_version(store)
    return frame


def activations(store: Store) -> pd.DataFrame:
    return store.read(t.model_activations).sort_values("id").reset_index(drop=True)


def active_version(store: Store) -> int | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(t.model_activations.c.version).order_by(t.model_activations.c.id.desc()).limit(1)).first()
    return None if row is None else int(row[0])


def _version_row(store: Store, version: int):
    with store.engine.connect() as conn:
        row = conn.execute(select(t.model_versions).where(t.model_versions.c.version == int(version))).mappings().first()
    if row is None:
        raise NoDataError(f"there is no model version {version}")
    return row


def promote(store: Store, version: int, user: str | None) -> None:
    """Make ``version`` the active model (after checking its file is intact)."""
    load(store, version)
    with store.write() as conn:
        conn.execute(insert(t.model_activations).values(at=dt.datetime.now().replace(microsecond=0), version=int(version),
                                                        by=user, action="promote"))
        store.audit(user, "promote_model", "model", version, "", conn=conn)


def rollback(store: Store, user: str | None) -> int:
    """Re-activate the version that was active before the current one; returns it."""
    history = activations(store)
    if history.empty:
        raise NoDataError("no model has been active yet, so there is nothing to roll back to")
    current = int(history.iloc[-1]["version"])
    earlier = [int(v) for v in history["version"].iloc[:-1][::-1] if int(v) != current]
    if not earlier:
        raise NoDataError(f"version {current} is the only model that has been active; nothing to roll back to")
    target = earlier[0]
    load(store, target)
    with store.write() as conn:
        conn.execute(insert(t.model_activations).values(at=dt.datetime.now().replace(microsecond=0), version=target,
                                                        by=user, action="rollback"))
        store.audit(user, "rollback_model", "model", target, f"from version {current}", conn=conn)
    return target


def load(store: Store, version: int):
    """The model of ``version``, only if its file is the one registered and holds trusted types only."""
    row = _version_row(store, version)
    path = model_dir(store) / row["file"]
    if not path.exists():
        raise UntrustedModelError(f"model version {version}: its file {row['file']} is missing")
    data = path.read_bytes()
    if sha256(data) != row["sha256"]:
        raise UntrustedModelError(f"model version {version}: the file {row['file']} has been modified "
                                  "(checksum differs from the registry); refusing to load it")
    try:
        untrusted = [u for u in sio.get_untrusted_types(data=data) if u not in TRUSTED_TYPES]
    except Exception as exc:
        raise UntrustedModelError(f"model version {version}: {row['file']} is not a readable model file ({exc})") from None
    if untrusted:
        raise UntrustedModelError(f"model version {version}: the file contains types we do not trust: {', '.join(untrusted)}")
    model = sio.loads(data, trusted=TRUSTED_TYPES)
    check_inputs(model, version)
    return model


def check_inputs(model, version) -> None:
    """Refuse a model that cannot score the features this version of the product computes."""
    from recommender.features import FEATURES
    probe = pd.DataFrame([[0.0] * len(FEATURES)], columns=FEATURES).assign(enterprise_id="", text="")
    try:
        model.predict(probe)
    except (KeyError, ValueError, IndexError) as exc:
        raise StaleModelError(f"model version {version} was trained on an older set of features ({exc}); "
                              "train again to replace it") from None


def load_active(store: Store):
    """(version, model) of the active model, or (None, None) when none is registered."""
    version = active_version(store)
    return (None, None) if version is None else (version, load(store, version))
