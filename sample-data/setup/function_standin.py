#!/usr/bin/env python3
"""A stand-in for a function integration (gateway -> Lambda), for loopback benchmarks.

Each request burns CPU for a time inversely proportional to the "memory tier", the
way Lambda gives a function CPU in proportion to its memory, then forwards the
request to the upstream web server and returns its body. One process, so the
Python GIL serialises the work like a small function's single vCPU share.

    function_standin.py PORT MEMORY_MB UPSTREAM_PORT
"""
import http.client
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, MEMORY_MB, UPSTREAM = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
# 2 ms of CPU per request at 1024 MB, 16 ms at 128 MB.
WORK_S = 0.002 * 1024 / MEMORY_MB
local = threading.local()


def upstream():
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=5)
    return local.conn


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        # CPU time of this thread, so that requests served at once do not overlap.
        end = time.thread_time() + WORK_S
        while time.thread_time() < end:
            pass
        try:
            conn = upstream()
            conn.request("GET", self.path)
            resp = conn.getresponse()
            body, status = resp.read(), resp.status
        except (OSError, http.client.HTTPException):
            local.__dict__.pop("conn", None)
            body, status = b'{"error":"upstream"}', 502
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # wrk resets its connections when it stops


Server(("127.0.0.1", PORT), Handler).serve_forever()
