"""Local accounts (argon2-hashed passwords), roles, log-in throttling, demo accounts, and the permission
check every action makes.

Log-in: every failure is audited (``login_failed``, with the address). From the audit log: after a failure
the account name must wait 2^(n-1) seconds (n failures in the window, at most 60 s), and after LOCK_AFTER
failures it is locked for LOCK_MINUTES; an address (many users may share one) is locked after
ADDRESS_LOCK_AFTER failures. The same generic sentence answers a wrong name and a wrong password, and names that do
not exist are throttled like real ones, so nothing tells which accounts exist.

>>> can("staff", "shortlist.review"), can("manager", "shortlist.review")
(False, True)
>>> wait_needed([], now=dt.datetime(2026, 1, 1))
0
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
    with store.write() as conn:
        exists = conn.scalar(select(t.users.c.username).where(t.users.c.username == username))
        if exists:
            conn.execute(update(t.users).where(t.users.c.username == username).values(**values))
        else:
            conn.execute(insert(t.users).values(username=username, created_at=dt.datetime.now(), **values))


def ensure_demo_accounts(store: Store) -> list[tuple]:
    """Create the demo accounts that do not exist yet; returns all of them (username, role, password) — or
    none once they have been disabled (real data imported, or a real admin created)."""
    if store.get_meta("demo_accounts_disabled"):
        return []
    with store.engine.connect() as conn:
        have = set(conn.scalars(select(t.users.c.username)))
    for username, role, name, password in DEMO_ACCOUNTS:
        if username not in have:
            add_user(store, username, password, role, name)
    return [(u, r, p) for u, r, _, p in DEMO_ACCOUNTS]


WINDOW_MINUTES = 15
LOCK_AFTER = 5
ADDRESS_LOCK_AFTER = 20
LOCK_MINUTES = 15
MAX_DELAY = 60


class LoginThrottled(ChainMatchError):
    """Too many failed log-ins for an account name or an address; ``seconds`` until the next try."""

    def __init__(self, seconds: int):
        self.seconds = int(seconds)
        super().__init__(f"too many failed log-ins; try again in {self.seconds} seconds")


def wait_needed(failures: list, now: dt.datetime, lock_after: int = LOCK_AFTER, delay: bool = True) -> int:
    """Seconds to wait before the next attempt, given the times of recent failures (oldest first).

    >>> t0 = dt.datetime(2026, 1, 1, 9, 0, 0)
    >>> wait_needed([t0], now=t0 + dt.timedelta(seconds=0.5)), wait_needed([t0, t0], now=t0)
    (1, 2)
    >>> wait_needed([t0] * 5, now=t0 + dt.timedelta(minutes=1))   # locked: 15 minutes from the last failure
    840
    """
    if not failures:
        return 0
    last = max(failures)
    if len(failures) >= lock_after:
        until = last + dt.timedelta(minutes=LOCK_MINUTES)
    elif not delay:  # an address (an office behind one NAT) is only locked, never slowed
        return 0
    else:
        until = last + dt.timedelta(seconds=min(MAX_DELAY, 2 ** (len(failures) - 1)))
    return max(0, int(-(-(until - now).total_seconds() // 1)))


def _failures(store: Store, now: dt.datetime, username: str, address: str | None) -> tuple[list, list]:
    since = now - dt.timedelta(minutes=max(WINDOW_MINUTES, LOCK_MINUTES))
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.audit_log.c.at, t.audit_log.c.object_id, t.audit_log.c.detail).where(
            t.audit_log.c.action == "login_failed", t.audit_log.c.at >= since)).all()
    by_name = sorted(r.at for r in rows if r.object_id == username)
    by_address = sorted(r.at for r in rows if address and (r.detail or "") == f"address={address}")
    return by_name, by_address


def log_in(store: Store, username: str, password: str, address: str | None = None, now=None) -> dict | None:
    """The user if the name and password match; None (audited) if not. Raises LoginThrottled while the name or
    the address must wait — without checking the password, so guessing gains nothing."""
    now = now or dt.datetime.now().replace(microsecond=0)
    by_name, by_address = _failures(store, now, username, address)
    wait = max(wait_needed(by_name, now), wait_needed(by_address, now, ADDRESS_LOCK_AFTER, delay=False))
    if wait:
        store.audit(username, "login_throttled", "user", username, f"address={address or ''}")
        raise LoginThrottled(wait)
    user = authenticate(store, username, password)
    if user is None:
        with store.write() as conn:
            conn.execute(insert(t.audit_log).values(at=now, username=username, action="login_failed", object_type="user",
                                                    object_id=username, detail=f"address={address or ''}"))
    return user


def demo_accounts_active(store: Store) -> bool:
    """The published demo accounts work only in a database filled with the demo, until real data or a real
    admin arrives."""
    return bool(store.get_meta("demo_loaded")) and not store.get_meta("demo_accounts_disabled")


def disable_demo_accounts(store: Store, reason: str, user: str | None = None) -> None:
    """Remove the demo accounts for good (their passwords are published); audited."""
    from sqlalchemy import delete
    with store.write() as conn:
        conn.execute(delete(t.users).where(t.users.c.username.in_([a[0] for a in DEMO_ACCOUNTS])))
        store.set_meta("demo_accounts_disabled", reason, conn=conn)
        store.audit(user, "disable_demo_accounts", "user", None, reason, conn=conn)


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
