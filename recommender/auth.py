"""Local accounts (argon2-hashed passwords), roles, and the permission check every action makes.

>>> can("staff", "shortlist.review"), can("manager", "shortlist.review")
(False, True)
"""
from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, VerifyMismatchError, InvalidHashError
from sqlalchemy import insert, select, update

from chains.errors import ChainMatchError, PermissionDenied
from recommender import schema as t
from recommender.store import Store

ROLES = {"staff": "招商专员", "analyst": "分析员", "manager": "领导", "admin": "管理员"}
PERMISSIONS = {
    "shortlist.add": {"staff", "manager", "admin"},
    "shortlist.review": {"manager", "admin"},
    "deal.log": {"staff", "manager", "admin"},
    "data.import": {"analyst", "admin"},
    "model.train": {"analyst", "admin"},
    "model.promote": {"analyst", "admin"},
    "audit.view": {"manager", "admin", "analyst"},
    "users.manage": {"admin"},
}
DEMO_ACCOUNTS = [("staff", "staff", "示例·招商专员 张敏", "staff-2026"), ("analyst", "analyst", "示例·分析员 李航", "analyst-2026"),
                 ("manager", "manager", "示例·领导 王磊", "manager-2026"), ("admin", "admin", "示例·管理员", "admin-2026")]
_hasher = PasswordHasher()


def can(role: str, action: str) -> bool:
    return role in PERMISSIONS.get(action, set())


def require(user: dict | None, action: str) -> None:
    """Raise PermissionDenied unless the logged-in user's role may do ``action``."""
    if not user:
        raise PermissionDenied("please log in first")
    if not can(user["role"], action):
        raise PermissionDenied(f"{ROLES.get(user['role'], user['role'])} ({user['username']}) may not do this ({action})")


def add_user(store: Store, username: str, password: str, role: str, display_name: str = "") -> None:
    if role not in ROLES:
        raise ChainMatchError(f"unknown role '{role}'; roles: {', '.join(ROLES)}")
    if len(password) < 8:
        raise ChainMatchError("a password needs at least 8 characters")
    values = dict(password_hash=_hasher.hash(password), role=role, display_name=display_name or username)
    with store.engine.begin() as conn:
        exists = conn.scalar(select(t.users.c.username).where(t.users.c.username == username))
        if exists:
            conn.execute(update(t.users).where(t.users.c.username == username).values(**values))
        else:
            conn.execute(insert(t.users).values(username=username, created_at=dt.datetime.now(), **values))


def ensure_demo_accounts(store: Store) -> list[tuple]:
    """Create the demo accounts that do not exist yet; returns all of them (username, role, password)."""
    with store.engine.connect() as conn:
        have = set(conn.scalars(select(t.users.c.username)))
    for username, role, name, password in DEMO_ACCOUNTS:
        if username not in have:
            add_user(store, username, password, role, name)
    return [(u, r, p) for u, r, _, p in DEMO_ACCOUNTS]


def authenticate(store: Store, username: str, password: str) -> dict | None:
    """The user as a dict if the password matches, else None."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
    if row is None:
        _hasher.hash(password)  # same work either way, so timing does not reveal which names exist
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    store.audit(username, "login", "user", username, "")
    return {"username": row["username"], "role": row["role"], "display_name": row["display_name"]}


def find_user(store: Store, username: str) -> dict | None:
    """A registered user by name (for single sign-on identities), without a password check."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
    return None if row is None else {"username": row["username"], "role": row["role"], "display_name": row["display_name"]}
