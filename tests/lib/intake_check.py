#!/usr/bin/env python3
"""Small independent checks for the intake fault tests (no tongban code involved).

    intake_check.py digest FILE                     BLAKE2b-256 of FILE, hex
    intake_check.py stored DB ID FILE               the store holds FILE's exact bytes under ID (digest too)
    intake_check.py receipt-digest JSON             envelope_digest (hex) of the receipt in a GET answer
    intake_check.py strip-signature IN OUT          IN without its Envelope.signature field (an unsigned envelope)
    intake_check.py flip IN OUT OFFSET              IN with the byte at OFFSET (negative: from the end) inverted
    intake_check.py tag-offset FILE                 offset of the last chunk tag of the last part
    intake_check.py header-offset FILE FIELD        offset of the value of EnvelopeHeader field FIELD
    intake_check.py submission-id FILE              the envelope's submission id (EnvelopeHeader field 3), hex
"""
import base64
import hashlib
import json
import sqlite3
import sys


def varint(b, i):
    v = s = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return v, i


def fields(b):
    """(field number, wire type, value or (start, end) for length-delimited, raw start, raw end)."""
    i = 0
    while i < len(b):
        start = i
        key, i = varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
            yield num, wt, v, start, i
        elif wt == 2:
            n, i = varint(b, i)
            yield num, wt, (i, i + n), start, i + n
            i += n
        elif wt == 1:
            yield num, wt, b[i:i + 8], start, i + 8
            i += 8
        elif wt == 5:
            yield num, wt, b[i:i + 4], start, i + 4
            i += 4
        else:
            raise ValueError('wire type %d' % wt)


def main():
    cmd = sys.argv[1]
    if cmd == 'digest':
        print(hashlib.blake2b(open(sys.argv[2], 'rb').read(), digest_size=32).hexdigest())
    elif cmd == 'stored':
        db, sid, path = sys.argv[2:5]
        data = open(path, 'rb').read()
        con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
        rows = con.execute('SELECT digest, envelope FROM submissions WHERE id = ?', (sid,)).fetchall()
        if len(rows) != 1:
            sys.exit('stored: %d rows for %s' % (len(rows), sid))
        digest, env = rows[0]
        want = hashlib.blake2b(data, digest_size=32).hexdigest()
        if digest != want or bytes(env) != data:
            sys.exit('stored: %s differs (digest %s, want %s; %d bytes, want %d)' % (sid, digest, want, len(env), len(data)))
        print('stored %s: %d bytes, digest %s' % (sid, len(data), digest))
    elif cmd == 'receipt-digest':
        signed = base64.b64decode(json.load(open(sys.argv[2]))['receipt'])
        body = next(signed[v[0]:v[1]] for n, wt, v, _, _ in fields(signed) if n == 5)
        print(next(body[v[0]:v[1]] for n, wt, v, _, _ in fields(body) if n == 3).hex())
    elif cmd == 'strip-signature':
        b = open(sys.argv[2], 'rb').read()
        out = b''.join(b[s:e] for n, wt, v, s, e in fields(b) if n != 2)
        open(sys.argv[3], 'wb').write(out)
    elif cmd == 'flip':
        b = bytearray(open(sys.argv[2], 'rb').read())
        b[int(sys.argv[4])] ^= 0xFF
        open(sys.argv[3], 'wb').write(bytes(b))
    elif cmd == 'tag-offset':
        # The last 16 bytes of the last part are the final chunk's Poly1305 tag.
        b = open(sys.argv[2], 'rb').read()
        last = [v for n, wt, v, _, _ in fields(b) if n == 3][-1]
        print(last[1] - 16)
    elif cmd == 'header-offset':
        b = open(sys.argv[2], 'rb').read()
        hs, he = next(v for n, wt, v, _, _ in fields(b) if n == 1)
        want = int(sys.argv[3])
        print(hs + next(v[0] if wt == 2 else s for n, wt, v, s, _ in fields(b[hs:he]) if n == want))
    elif cmd == 'submission-id':
        b = open(sys.argv[2], 'rb').read()
        hs, he = next(v for n, wt, v, _, _ in fields(b) if n == 1)
        h = b[hs:he]
        print(next(h[v[0]:v[1]] for n, wt, v, _, _ in fields(h) if n == 3).hex())
    else:
        sys.exit('unknown command ' + cmd)


main()
