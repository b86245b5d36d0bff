"""A throw-away PostgreSQL server for tests: initdb in a temporary folder, a Unix socket, a free port.
PostgreSQL refuses to run as root, so as root the server runs as the user ``nobody``."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN_DIRS = ["/usr/local/bin", *sorted(str(p) for p in Path("/usr/lib/postgresql").glob("*/bin"))]


def pg_binary(name: str) -> str | None:
    for d in BIN_DIRS:
        path = Path(d) / name
        if path.exists():
            return str(path)
    return shutil.which(name)


def available() -> bool:
    return all(pg_binary(n) for n in ("initdb", "pg_ctl", "postgres"))


@contextlib.contextmanager
def postgres_server():
    """Yields a SQLAlchemy URL to a fresh database on a private server."""
    folder = Path(tempfile.mkdtemp(prefix="chainmatch-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "nobody", "--"] if as_root else []
    if as_root:
        shutil.chown(folder, "nobody")
        shutil.chown(sock, "nobody")
    user = "nobody" if as_root else os.environ.get("USER", "postgres")
    run = lambda *cmd: subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    run(pg_binary("initdb"), "-D", str(data), "-A", "trust", "-U", user, "--encoding=UTF8", "--locale=C")
    run(pg_binary("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
        f"-k {sock} -c listen_addresses='' -c fsync=off", "start")
    try:
        yield f"postgresql+psycopg://{user}@/postgres?host={sock}"
    finally:
        subprocess.run([*prefix, pg_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
