#!/usr/bin/env python3
"""A tiny CQL client on the raw native protocol (v4), so scripts/cassandra can check readiness
and run statements with nothing but python3: no driver, no cqlsh, no pip.

  cassandra-cql.py [--host H] [--port P] [--user U --password W] [--tls-ca PEM] ping
  cassandra-cql.py [...] [--format table|jsonl] exec "STATEMENT; STATEMENT" ...

`ping` passes only when the server answers OPTIONS with SUPPORTED, accepts STARTUP (logging in
when it asks to) and answers a query on system.local; it prints the server's release version.
With --tls-ca it speaks TLS, trusting that CA and checking that the certificate names the host.
Exit status: 0 done, 1 CQL or connection error (one line on stderr), 2 usage error.
"""
import argparse
import datetime
import decimal
import ipaddress
import json
import socket
import ssl
import struct
import sys
import uuid

VERSION = 0x04  # v5 wraps frames in checksummed segments after STARTUP; v4 keeps them plain.
OP_ERROR, OP_STARTUP, OP_READY, OP_AUTHENTICATE = 0x00, 0x01, 0x02, 0x03
OP_OPTIONS, OP_SUPPORTED, OP_QUERY, OP_RESULT = 0x05, 0x06, 0x07, 0x08
OP_AUTH_RESPONSE, OP_AUTH_SUCCESS = 0x0F, 0x10
CONSISTENCY_ONE = 0x0001
ERROR_NAMES = {
    0x0000: "server error", 0x000A: "protocol error", 0x0100: "bad credentials",
    0x1000: "unavailable", 0x1001: "overloaded", 0x1002: "is bootstrapping",
    0x1003: "truncate error", 0x1100: "write timeout", 0x1200: "read timeout",
    0x1300: "read failure", 0x1500: "write failure", 0x2000: "syntax error",
    0x2100: "unauthorized", 0x2200: "invalid", 0x2300: "config error", 0x2400: "already exists",
}


class CqlError(Exception):
    pass


class Reader:
    """Reads the protocol's [int], [string], [bytes]... notations from one frame body."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise CqlError("truncated frame body")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def int(self):
        return struct.unpack(">i", self.take(4))[0]

    def short(self):
        return struct.unpack(">H", self.take(2))[0]

    def string(self):
        return self.take(self.short()).decode("utf-8")

    def bytes(self):
        n = self.int()
        return None if n < 0 else self.take(n)

    def string_list(self):
        return [self.string() for _ in range(self.short())]

    def string_multimap(self):
        return {self.string(): self.string_list() for _ in range(self.short())}

    def option(self):
        """A column type as a nested tuple: (id, ...subtypes or names)."""
        kind = self.short()
        if kind == 0x0000:
            return (kind, self.string())
        if kind in (0x20, 0x22):  # list, set
            return (kind, self.option())
        if kind == 0x21:  # map
            return (kind, self.option(), self.option())
        if kind == 0x30:  # user type: keyspace, name, then (field, type) pairs
            self.string()
            self.string()
            return (kind, [(self.string(), self.option()) for _ in range(self.short())])
        if kind == 0x31:  # tuple
            return (kind, [self.option() for _ in range(self.short())])
        return (kind,)


def pack_string(s):
    raw = s.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def pack_long_string(s):
    raw = s.encode("utf-8")
    return struct.pack(">i", len(raw)) + raw


def pack_string_map(m):
    return struct.pack(">H", len(m)) + b"".join(pack_string(k) + pack_string(v) for k, v in m.items())


def decode_value(kind, raw):
    """Turns one cell into a Python value fit for printing or JSON."""
    if raw is None:
        return None
    k = kind[0]
    if k in (0x01, 0x0D):  # ascii, varchar
        return raw.decode("utf-8", "replace")
    if k in (0x02, 0x05, 0x09, 0x0E, 0x13, 0x14):  # bigint, counter, int, varint, smallint, tinyint
        return int.from_bytes(raw, "big", signed=True)
    if k == 0x04:
        return raw != b"\x00"
    if k == 0x07:
        return struct.unpack(">d", raw)[0]
    if k == 0x08:
        return struct.unpack(">f", raw)[0]
    if k == 0x06:  # decimal: scale then unscaled varint
        scale = struct.unpack(">i", raw[:4])[0]
        return str(decimal.Decimal(int.from_bytes(raw[4:], "big", signed=True)).scaleb(-scale))
    if k == 0x0B:  # timestamp: milliseconds since the epoch
        ms = struct.unpack(">q", raw)[0]
        moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=ms)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)
    if k in (0x0C, 0x0F):
        return str(uuid.UUID(bytes=raw))
    if k == 0x10:
        return str(ipaddress.ip_address(raw))
    if k == 0x11:  # date: days since the epoch, biased by 2^31
        days = struct.unpack(">I", raw)[0] - 2**31
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()
    if k == 0x12:  # time: nanoseconds since midnight
        ns = struct.unpack(">q", raw)[0]
        secs, frac = divmod(ns, 10**9)
        return "%02d:%02d:%02d.%09d" % (secs // 3600, secs // 60 % 60, secs % 60, frac)
    if k in (0x20, 0x22, 0x21):
        body = Reader(raw)
        n = body.int()
        if k == 0x21:
            return {str(decode_value(kind[1], body.bytes())): decode_value(kind[2], body.bytes()) for _ in range(n)}
        return [decode_value(kind[1], body.bytes()) for _ in range(n)]
    if k == 0x30:
        body = Reader(raw)
        out = {}
        for name, sub in kind[1]:
            if body.pos >= len(raw):
                break
            out[name] = decode_value(sub, body.bytes())
        return out
    if k == 0x31:
        body = Reader(raw)
        return [decode_value(sub, body.bytes()) for sub in kind[1]]
    return "0x" + raw.hex()  # blob, duration, custom


class Connection:
    def __init__(self, host, port, timeout, tls_ca=None):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        if tls_ca:
            context = ssl.create_default_context(cafile=tls_ca)
            self.sock = context.wrap_socket(self.sock, server_hostname=host)
        self.sock.settimeout(timeout)
        self.stream = 0

    def close(self):
        self.sock.close()

    def _recv_exact(self, n):
        parts = []
        while n:
            chunk = self.sock.recv(n)
            if not chunk:
                raise CqlError("server closed the connection")
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)

    def request(self, opcode, body=b""):
        """Sends one frame and returns (opcode, body) of its answer; ERROR becomes CqlError."""
        self.stream = (self.stream + 1) % 32768
        self.sock.sendall(struct.pack(">BBhBi", VERSION, 0, self.stream, opcode, len(body)) + body)
        while True:
            version, flags, stream, op, length = struct.unpack(">BBhBi", self._recv_exact(9))
            payload = self._recv_exact(length)
            if version & 0x7F != VERSION:
                raise CqlError("unexpected protocol version 0x%02x" % version)
            if stream != self.stream:
                continue  # an event or a late answer: not ours
            reader = Reader(payload)
            if flags & 0x08:  # warnings precede the body
                for warning in reader.string_list():
                    print("warning: " + warning, file=sys.stderr)
            if op == OP_ERROR:
                code = reader.int()
                name = ERROR_NAMES.get(code, "error 0x%04x" % code)
                raise CqlError("%s: %s" % (name, reader.string()))
            return op, reader

    def startup(self, user, password):
        op, reader = self.request(OP_STARTUP, pack_string_map({"CQL_VERSION": "3.0.0"}))
        if op == OP_READY:
            return
        if op != OP_AUTHENTICATE:
            raise CqlError("unexpected answer 0x%02x to STARTUP" % op)
        authenticator = reader.string()
        if user is None:
            raise CqlError("server requires login (%s); pass --user and --password" % authenticator)
        token = b"\x00" + user.encode() + b"\x00" + (password or "").encode()
        op, _ = self.request(OP_AUTH_RESPONSE, struct.pack(">i", len(token)) + token)
        if op != OP_AUTH_SUCCESS:
            raise CqlError("login did not succeed (answer 0x%02x)" % op)

    def query(self, statement):
        """Returns (column names, column types, rows) for Rows results, else a short summary."""
        body = pack_long_string(statement) + struct.pack(">HB", CONSISTENCY_ONE, 0)
        op, reader = self.request(OP_QUERY, body)
        if op != OP_RESULT:
            raise CqlError("unexpected answer 0x%02x to QUERY" % op)
        kind = reader.int()
        if kind == 1:
            return "done"
        if kind == 3:
            return "keyspace " + reader.string()
        if kind == 5:
            change, target = reader.string(), reader.string()
            names = [reader.string()]
            if target != "KEYSPACE":
                names.append(reader.string())
            return "%s %s %s" % (change.lower(), target.lower(), ".".join(names))
        if kind != 2:
            return "result kind %d" % kind
        flags, count = reader.int(), reader.int()
        if flags & 0x0002:
            reader.bytes()  # paging state: we ask for no paging, so it should not appear
        global_spec = flags & 0x0001
        if global_spec:
            reader.string()
            reader.string()
        names, types = [], []
        for _ in range(count):
            if not global_spec:
                reader.string()
                reader.string()
            names.append(reader.string())
            types.append(reader.option())
        rows = []
        for _ in range(reader.int()):
            rows.append([decode_value(types[i], reader.bytes()) for i in range(count)])
        return names, rows


def split_statements(text):
    """Splits on semicolons outside quotes, so string literals may hold ';'."""
    out, current, quote = [], [], None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == ";":
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


def show(value):
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


def print_result(result, fmt):
    if isinstance(result, str):
        print(result, file=sys.stderr)
        return
    names, rows = result
    if fmt == "jsonl":
        for row in rows:
            print(json.dumps(dict(zip(names, row))))
        return
    cells = [[show(v) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    print(" | ".join(n.ljust(w) for n, w in zip(names, widths)))
    print("-+-".join("-" * w for w in widths))
    for r in cells:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))
    print("\n(%d rows)" % len(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9042)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--tls-ca", help="TLS, trusting the CA certificates in this PEM file")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per network step")
    parser.add_argument("--format", choices=["table", "jsonl"], default="table")
    parser.add_argument("command", choices=["ping", "exec"])
    parser.add_argument("statements", nargs="*", help="for exec; '-' reads standard input")
    args = parser.parse_intermixed_args()
    if args.command == "exec" and not args.statements:
        parser.error("exec needs at least one statement")

    try:
        conn = Connection(args.host, args.port, args.timeout, args.tls_ca)
    except OSError as e:
        print("cassandra-cql: cannot connect to %s:%d: %s" % (args.host, args.port, e), file=sys.stderr)
        return 1
    try:
        op, reader = conn.request(OP_OPTIONS)
        if op != OP_SUPPORTED:
            raise CqlError("unexpected answer 0x%02x to OPTIONS" % op)
        reader.string_multimap()
        conn.startup(args.user, args.password)
        if args.command == "ping":
            _, rows = conn.query("SELECT release_version FROM system.local")
            print(rows[0][0] if rows else "unknown")
            return 0
        for arg in args.statements:
            text = sys.stdin.read() if arg == "-" else arg
            for statement in split_statements(text):
                print_result(conn.query(statement), args.format)
        return 0
    except (CqlError, OSError) as e:
        print("cassandra-cql: %s" % e, file=sys.stderr)
        return 1
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
