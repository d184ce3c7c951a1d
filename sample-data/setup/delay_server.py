#!/usr/bin/env python3
"""An HTTP server on 127.0.0.1 that answers every GET after a fixed delay, serving
many requests at once, for loopback benchmarks.

It stands in for what is far away or slow behind a front door: a function
integration, whose executions run side by side as Lambda scales out (each request
waits on its own, none queues behind another), or a server made slower by a known
amount. It answers the 66-byte JSON document of nginx.conf, with HTTP/1.1 keep-alive.

    delay_server.py PORT DELAY_MS
    delay_server.py PORT DELAY_MS WORK_MS MEMORY_MB LOG [INIT_MS]

With WORK_MS, MEMORY_MB and LOG it stands in for a Lambda function and writes
Lambda-shaped platform lines to LOG, as `aws logs tail` prints them (time, log
stream, message): START, END and REPORT for every request, REPORT's Duration being
the WORK_MS it waits as its "handler" after DELAY_MS of invoke overhead. Requests
run in simulated execution environments: a request takes an idle one, or starts a
new one, which first logs INIT_START and waits INIT_MS (default 150) of "init",
reported as the REPORT's Init Duration: a cold start. An environment lives a random
time (exponential, mean 10 s, seeded by the port), so that cold starts keep coming
at a low rate under steady load, as environments are recycled. One invocation in
20 is logged (all its lines), which keeps the sample data small. These lines are a
stand-in's (docs/breakdown.md): no AWS is involved.
"""
import asyncio
import datetime
import math
import random
import sys
import time
import uuid

PORT, DELAY_S = int(sys.argv[1]), float(sys.argv[2]) / 1000.0
LAMBDA = len(sys.argv) >= 6
if LAMBDA:
    WORK_S = float(sys.argv[3]) / 1000.0
    MEMORY_MB = int(sys.argv[4])
    LOG = open(sys.argv[5], "a", buffering=1)
    INIT_S = (float(sys.argv[6]) if len(sys.argv) >= 7 else 150.0) / 1000.0
    RANDOM = random.Random(PORT)
BODY = b'{"id":42,"name":"gatebench","items":[1,2,3,4,5,6,7,8],"ok":true}\n'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)
# Idle execution environments: (stream name, time it is retired).
IDLE = []


def log(stream, message, sampled=True):
    if not sampled:
        return
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds")
    LOG.write(f"{now} {stream} {message}\n")


async def invoke():
    """One invocation: an environment (cold if new), START, the handler's work,
    END and REPORT."""
    now = time.monotonic()
    while IDLE and IDLE[-1][1] <= now:
        IDLE.pop()  # retired while idle
    init_ms = None
    sampled = RANDOM.random() < 0.05
    if IDLE:
        stream, retire = IDLE.pop()
    else:
        day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y/%m/%d")
        stream = f"{day}/[$LATEST]{uuid.UUID(int=RANDOM.getrandbits(128)).hex}"
        retire = now + RANDOM.expovariate(1 / 10.0)
        log(stream, "INIT_START Runtime Version: python:3.12.stand-in", sampled)
        began = time.monotonic()
        await asyncio.sleep(INIT_S)
        init_ms = (time.monotonic() - began) * 1000.0
    request_id = str(uuid.UUID(int=RANDOM.getrandbits(128), version=4))
    log(stream, f"START RequestId: {request_id} Version: $LATEST", sampled)
    began = time.monotonic()
    await asyncio.sleep(WORK_S)
    duration_ms = (time.monotonic() - began) * 1000.0
    log(stream, f"END RequestId: {request_id}", sampled)
    billed = math.ceil(duration_ms + (init_ms or 0.0))
    report = (
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
        f"Billed Duration: {billed} ms\tMemory Size: {MEMORY_MB} MB\t"
        f"Max Memory Used: {min(MEMORY_MB, 48)} MB"
    )
    if init_ms is not None:
        report += f"\tInit Duration: {init_ms:.2f} ms"
    log(stream, report, sampled)
    if time.monotonic() < retire:
        IDLE.append((stream, retire))
        IDLE.sort(key=lambda e: -e[1])


async def serve(reader, writer):
    try:
        while True:
            # A GET without a body: the request ends at its blank line.
            await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(DELAY_S)
            if LAMBDA:
                await invoke()
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", PORT, backlog=1024)
    async with server:
        await server.serve_forever()


asyncio.run(main())
