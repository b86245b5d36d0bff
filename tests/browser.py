"""Helpers to serve the app on loopback and drive Debian's chromium with Playwright (no browser download)."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served_app(db_path, timeout=90):
    """Run `streamlit run app.py` on 127.0.0.1 with the given database; yields the base URL."""
    port = free_port()
    env = {**os.environ, "CHAINMATCH_DB": str(db_path)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("streamlit did not start: " + proc.stdout.read1().decode(errors="replace"))
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def login(page, url, username, password):
    page.goto(url)
    page.get_by_label("用户名").wait_for(timeout=180000)   # the first page of a fresh server is slow on busy cores
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("招商推荐").first.wait_for(timeout=180000)


def settled(page, timeout=180000):
    """Wait until the app's script run has finished: a click on a widget the running script is about to replace is lost."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=timeout)


@contextlib.contextmanager
def shown_on_failure(browser):
    """Print each open page's text when the block fails, so a CI log shows what the user saw at that moment."""
    try:
        yield
    except Exception:
        for context in browser.contexts:
            for page in context.pages:
                with contextlib.suppress(Exception):
                    print(f"--- what {page.url} showed:\n{page.inner_text('body')[:4000]}")
        raise
