"""A real, throwaway PostgreSQL server for the test session, and a fresh database per test.

``pg_server`` starts one server (initdb into a temp dir, pg_ctl on 127.0.0.1 with a free port and a unix
socket inside the temp dir) and removes it at the end. ``pg_url`` gives each test its own empty database.

* KRONIKA_TEST_PG_URL=postgresql://user@host/db uses an existing server instead (the user needs CREATEDB).
* No PostgreSQL binaries: the tests skip with the reason, unless CI is set, where they fail loudly.
* As root (containers, CI), initdb and postgres run as the ``postgres`` OS user: the server refuses root.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV_URL = "KRONIKA_TEST_PG_URL"
SERVER_USER = "postgres"  # OS user that runs the server when we are root


def find_bindir() -> Path | None:
    """Directory holding initdb and pg_ctl: PG_BINDIR, then PATH, then Debian's /usr/lib/postgresql/N/bin."""
    candidates = [os.environ.get("PG_BINDIR")]
    initdb = shutil.which("initdb")
    candidates.append(os.path.dirname(initdb) if initdb else None)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
                      if p.split("/")[-2].isdigit() else 0, reverse=True)
    candidates += versions
    for c in candidates:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> list[str]:
    """Command prefix that drops root to the postgres user (empty when not root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise RuntimeError(f"running as root but there is no {SERVER_USER!r} OS user to run PostgreSQL as")
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--"]
    if shutil.which("setpriv"):
        pw = pwd.getpwnam(SERVER_USER)
        return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--init-groups", "--"]
    raise RuntimeError("running as root and neither runuser nor setpriv is available to drop privileges")


class TempServer:
    """initdb + pg_ctl start in a temp dir; ``stop()`` shuts it down and deletes everything."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        # directly under the system temp dir: pytest's tmp dirs are root-only (0700), postgres could not enter
        self.root = Path(tempfile.mkdtemp(prefix="kronika-pg-"))
        self.data, self.sock, self.log = self.root / "data", self.root / "sock", self.root / "server.log"
        self.sock.mkdir()
        self.prefix = _as_server_user()
        if self.prefix:
            pw = pwd.getpwnam(SERVER_USER)
            for p in (self.root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        self.port = 0
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> None:
        cmd = self.prefix + [str(self.bindir / args[0]), *args[1:]]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if r.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}\n{log}")

    def start(self) -> str:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        # durability is pointless for a throwaway server: fsync off makes CREATE DATABASE and commits fast
        opts = f"-h 127.0.0.1 -k {self.sock} -F -c full_page_writes=off -c synchronous_commit=off"
        for attempt in range(3):  # the free port can be taken between probing and binding
            self.port = _free_port()
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                          "-o", f"{opts} -p {self.port}", "start")
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        self.started = True
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (install PostgreSQL or set {ENV_URL})")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a database on a running server that the tests may create databases from."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("no PostgreSQL server binaries (initdb, pg_ctl) found")
    server = TempServer(bindir)
    try:
        url = server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        server.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL server from {bindir}: {e}", pytrace=False)
    try:
        yield url
    finally:
        server.stop()


def with_database(url: str, dbname: str) -> str:
    p = urlsplit(url)
    return urlunsplit(p._replace(path="/" + dbname))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new empty database for one test; dropped afterwards (connections forced out)."""
    import psycopg

    name = f"kronika_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield with_database(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
