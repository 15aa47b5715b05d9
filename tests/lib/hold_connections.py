#!/usr/bin/env python3
"""Strangers holding an HTTP server's connections, for tests/cli/test_intake_hostile.sh.

  hold_connections.py --target HOST:PORT --from ADDR --idle N --slow M [--seconds S] [--ready FILE]

Opens N connections that send nothing and M that send a request head one byte every 0.5 s (a
"slow loris"), all from the local address ADDR (127.0.0.2: loopback answers every 127.x address,
so the server sees another client than the test's own requests from 127.0.0.1). Once all are
open it writes the ready file with how many the server took (not closed within 0.5 s) and how many
it closed at once, keeps them for S seconds (default 10), and exits.
"""
import argparse
import os
import select
import socket
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--target', required=True)
    p.add_argument('--from', dest='source', default='127.0.0.2')
    p.add_argument('--idle', type=int, default=0)
    p.add_argument('--slow', type=int, default=0)
    p.add_argument('--seconds', type=float, default=10)
    p.add_argument('--ready')
    a = p.parse_args()
    host, port = a.target.rsplit(':', 1)
    head = b'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: ' + b'a' * 4000
    conns = []
    for i in range(a.idle + a.slow):
        s = socket.socket()
        s.bind((a.source, 0))
        s.connect((host, int(port)))
        s.setblocking(False)
        conns.append((s, i >= a.idle))
    time.sleep(0.5)
    # A connection the server closed at once reads as end of file (or a reset).
    readable, _, _ = select.select([s for s, _ in conns], [], [], 0)
    closed = set()
    for s in readable:
        try:
            if s.recv(1) == b'':
                closed.add(s)
        except OSError:
            closed.add(s)
    if a.ready:
        with open(a.ready + '.tmp', 'w') as f:
            f.write(f'{len(conns) - len(closed)} {len(closed)}\n')
        os.replace(a.ready + '.tmp', a.ready)
    end = time.time() + a.seconds
    at = 0
    while time.time() < end:
        for s, slow in conns:
            if slow and s not in closed and at < len(head):
                try:
                    s.send(head[at:at + 1])
                except OSError:
                    closed.add(s)
        at += 1
        time.sleep(0.5)
    for s, _ in conns:
        s.close()


if __name__ == '__main__':
    main()
