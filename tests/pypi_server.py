"""A real package index for publish tests: pypiserver on 127.0.0.1, on a free port; and a
small local server that misbehaves on purpose (redirects elsewhere, drips its answers, answers
of the wrong shape), recording where each request went and with which credentials."""

from __future__ import annotations

import contextlib
import re
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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



def serve_in_thread(server: socketserver.BaseServer) -> threading.Thread:
    """Serve ``server`` from a daemon thread that notices ``shutdown()`` within 10 ms: with
    the default poll of half a second every test that stops a server waited for it."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    return thread

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


# -- a small index that misbehaves on purpose ---------------------------------------------


@dataclass
class Request:
    """One request as a server saw it."""

    method: str
    path: str
    host: str
    authorization: str | None


@dataclass
class Reply:
    """What the misbehaving index answers for a path: a status, headers and a body, sent
    ``drip`` seconds apart byte by byte (``headers_drip``: the status line and headers too)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0
    headers_drip: float = 0.0


class Misbehaving:
    """A local HTTP server on 127.0.0.1 that answers each path as told (``replies``: a
    regular expression of the path -> :class:`Reply`, first match wins; else 404) and records
    every request with its Host and Authorization headers. ``url`` and ``other_origin`` are the
    same server under two host names: for a client they are two origins."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[Request] = []
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        self.thread = serve_in_thread(server)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def other_origin(self) -> str:
        return f"http://localhost:{self.server.server_address[1]}"

    def seen(self, pattern: str) -> list[Request]:
        return [r for r in self.requests if re.search(pattern, r.path)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer.requests.append(Request(self.command, self.path,
                                              self.headers.get("Host", ""),
                                              self.headers.get("Authorization")))
                reply = next((r for pattern, r in outer.replies.items()
                              if re.fullmatch(pattern, self.path.split("?")[0])),
                             Reply(404, b"not here"))
                head = (f"HTTP/1.1 {reply.status} X\r\nContent-Length: {len(reply.body)}\r\n"
                        + "".join(f"{k}: {v}\r\n" for k, v in reply.headers.items())
                        + "\r\n").encode()
                with contextlib.suppress(OSError):  # until the client gives up
                    for part, pause in ((head, reply.headers_drip), (reply.body, reply.drip)):
                        if not pause:
                            self.wfile.write(part)
                            continue
                        for byte in part:
                            time.sleep(pause)
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def misbehaving() -> Iterator[Misbehaving]:
    running = Misbehaving()
    try:
        yield running
    finally:
        running.close()
