#!/usr/bin/env python3
"""An HTTP server on 127.0.0.1 that answers every GET after a fixed delay, serving
many requests at once, for loopback benchmarks.

It stands in for what is far away or slow behind a front door: a function
integration, whose executions run side by side as Lambda scales out (each request
waits on its own, none queues behind another), or a server made slower by a known
amount. It answers the 66-byte JSON document of nginx.conf, with HTTP/1.1 keep-alive.

    delay_server.py PORT DELAY_MS
"""
import asyncio
import sys

PORT, DELAY_S = int(sys.argv[1]), float(sys.argv[2]) / 1000.0
BODY = b'{"id":42,"name":"gatebench","items":[1,2,3,4,5,6,7,8],"ok":true}\n'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)


async def serve(reader, writer):
    try:
        while True:
            # A GET without a body: the request ends at its blank line.
            await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(DELAY_S)
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
