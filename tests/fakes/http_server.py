"""A real HTTP server on 127.0.0.1 around a pure request handler, for tests over a socket.

`serve(handler)` runs a ThreadingHTTPServer on a free port and yields its base URL. The handler gets
(method, path_with_query, headers, body) and returns (status, headers, body). If it raises, the
connection is closed without an answer (what a client sees as a reset).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[str, str, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


def _request_handler(handler: Handler) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                status, headers, payload = handler(self.command, self.path, dict(self.headers), body)
            except Exception:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    return _Handler


@contextmanager
def serve(handler: Handler) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _request_handler(handler))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
