"""A real package index for publish tests: pypiserver on 127.0.0.1, on a free port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "uploader"
PASSWORD = "pypi-AgEIcHlwaS5vcmcCJDEyMzQ1Njc4LWFiY2QtZWZnaC1TEST-ONLY-SECRET"


@dataclass
class Index:
    url: str
    packages: Path
    process: subprocess.Popen[bytes]

    @property
    def upload_url(self) -> str:
        return self.url + "/"

    @property
    def simple_url(self) -> str:
        return self.url + "/simple/"

    def files(self) -> list[str]:
        return sorted(p.name for p in self.packages.iterdir())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_index(root: Path) -> Iterator[Index]:
    from passlib.apache import HtpasswdFile

    packages = root / "packages"
    packages.mkdir(parents=True)
    htpasswd = HtpasswdFile(str(root / "htpasswd"), new=True)
    htpasswd.set_password("__token__", PASSWORD)
    htpasswd.save()
    port = free_port()
    log = (root / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "pypiserver", "run", "--host", "127.0.0.1", "--port", str(port),
         "--passwords", str(root / "htpasswd"), "--authenticate", "update",
         "--disable-fallback", "--hash-algo", "sha256", str(packages)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    index = Index(f"http://127.0.0.1:{port}", packages, process)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(index.simple_url, timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    raise RuntimeError((root / "server.log").read_text()) from None
                time.sleep(0.1)
        yield index
    finally:
        index.stop()
        log.close()
