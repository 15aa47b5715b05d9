#!/usr/bin/env python3
"""A TCP proxy that drops connections mid-stream, for the intake fault tests.

    drop_proxy.py --target 127.0.0.1:PORT --cut-at BYTES [--cut-at BYTES …] [--port-file FILE]

Listens on a free loopback port (written to --port-file, and printed), forwards every connection
to --target, and counts the bytes going from clients to the server over all connections. Whichever
connection carries the byte that crosses a --cut-at mark is cut there, mid-stream: both directions
closed at once with a TCP reset, the rest of what it was sending never forwarded. Works the same
whether the client reuses its connection or opens one per request. On exit (SIGTERM) prints how
many connections were cut."""
import argparse
import asyncio
import signal
import socket
import struct
import sys


async def pipe(reader, writer, state=None):
    """Copies until EOF. Upstream (with the shared state): returns True when it hit a cut mark."""
    try:
        while True:
            marks = state['marks'] if state is not None else []
            limit = 65536 if not marks else max(1, min(65536, marks[0] - state['total']))
            data = await reader.read(limit)
            if not data:
                break
            writer.write(data)
            await writer.drain()
            if state is not None:
                state['total'] += len(data)
                if marks and state['total'] >= marks[0]:
                    marks.pop(0)
                    return True
    except (ConnectionError, asyncio.IncompleteReadError, OSError):
        pass
    return False


def reset(writer):
    sock = writer.get_extra_info('socket')
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))  # RST, not FIN
        except OSError:
            pass
    writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--target', required=True)
    ap.add_argument('--cut-at', type=int, action='append', default=[])
    ap.add_argument('--port-file')
    a = ap.parse_args()
    host, port = a.target.rsplit(':', 1)
    state = {'n': 0, 'cut': 0, 'total': 0, 'marks': sorted(a.cut_at)}

    async def handle(creader, cwriter):
        idx = state['n']
        state['n'] += 1
        try:
            sreader, swriter = await asyncio.open_connection(host, int(port))
        except OSError:
            reset(cwriter)
            return
        up = asyncio.ensure_future(pipe(creader, swriter, state))
        down = asyncio.ensure_future(pipe(sreader, cwriter))
        done, _ = await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
        if up in done and up.result():
            state['cut'] += 1
            print(f'drop_proxy: cut connection {idx + 1} at {state["total"]} bytes sent in all', file=sys.stderr, flush=True)
            reset(cwriter)
            reset(swriter)
            down.cancel()
            return
        await asyncio.wait({up, down})
        for w in (cwriter, swriter):
            w.close()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    lport = server.sockets[0].getsockname()[1]
    if a.port_file:
        with open(a.port_file + '.tmp', 'w') as f:
            f.write(str(lport))
        import os
        os.replace(a.port_file + '.tmp', a.port_file)
    print(lport, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    async with server:
        await stop.wait()
    print(f'drop_proxy: {state["n"]} connections, {state["cut"]} cut, {state["total"]} bytes sent in all', file=sys.stderr, flush=True)


asyncio.run(main())
