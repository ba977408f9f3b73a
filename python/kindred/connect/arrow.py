"""A small pure-Python Arrow IPC *stream* reader and writer.

Spark Connect carries results and LocalRelation data as Arrow IPC streams: each message is the
continuation word 0xFFFFFFFF, an int32 metadata length, a flatbuffer ``Message`` padded to 8 bytes,
then the message body. A zero length ends the stream. Only what the client needs is here:
the writer emits int64, double, string (utf8), bool and null columns; the reader understands
int8/16/32/64, float32/64, utf8/large_utf8, bool, date32, timestamp, decimal128, null and list.
Values are plain Python objects (None for null).
"""
import datetime
import decimal
import struct

CONTINUATION = 0xFFFFFFFF

# union MessageHeader / union Type member ids (Arrow's Message.fbs and Schema.fbs).
HEADER_SCHEMA = 1
HEADER_RECORD_BATCH = 3
T_NULL, T_INT, T_FLOAT, T_BINARY, T_UTF8, T_BOOL, T_DECIMAL, T_DATE = 1, 2, 3, 4, 5, 6, 7, 8
T_TIME, T_TIMESTAMP, T_LIST, T_STRUCT = 9, 10, 12, 13
T_LARGE_BINARY, T_LARGE_UTF8, T_LARGE_LIST = 19, 20, 21
METADATA_V5 = 4


class ArrowError(ValueError):
    """Malformed or unsupported Arrow IPC data."""


# ---------------------------------------------------------------------------------------------
# Flatbuffer reading.
class _Table:
    """A flatbuffer table at `pos` inside `buf`."""
    __slots__ = ("buf", "pos", "vt", "vt_size")

    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        self.vt = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vt_size = struct.unpack_from("<H", buf, self.vt)[0]

    def _field(self, fid):
        o = 4 + 2 * fid
        if o >= self.vt_size:
            return 0
        return struct.unpack_from("<H", self.buf, self.vt + o)[0]

    def scalar(self, fid, fmt, default=0):
        off = self._field(fid)
        return default if off == 0 else struct.unpack_from("<" + fmt, self.buf, self.pos + off)[0]

    def _deref(self, fid):
        off = self._field(fid)
        if off == 0:
            return None
        p = self.pos + off
        return p + struct.unpack_from("<I", self.buf, p)[0]

    def table(self, fid):
        p = self._deref(fid)
        return None if p is None else _Table(self.buf, p)

    def string(self, fid):
        p = self._deref(fid)
        if p is None:
            return None
        n = struct.unpack_from("<I", self.buf, p)[0]
        return bytes(self.buf[p + 4:p + 4 + n]).decode("utf-8")

    def tables(self, fid):
        p = self._deref(fid)
        if p is None:
            return []
        n = struct.unpack_from("<I", self.buf, p)[0]
        out = []
        for i in range(n):
            q = p + 4 + 4 * i
            out.append(_Table(self.buf, q + struct.unpack_from("<I", self.buf, q)[0]))
        return out

    def structs(self, fid, fmt):
        p = self._deref(fid)
        if p is None:
            return []
        n = struct.unpack_from("<I", self.buf, p)[0]
        size = struct.calcsize("<" + fmt)
        return [struct.unpack_from("<" + fmt, self.buf, p + 4 + i * size) for i in range(n)]


def _root(buf):
    return _Table(buf, struct.unpack_from("<I", buf, 0)[0])


# ---------------------------------------------------------------------------------------------
# Flatbuffer writing. Objects are laid out front to back: a table's vtable, then the table, then
# the objects it points at (offsets are unsigned and point forward). Every object is 8-aligned.
class FbTable:
    def __init__(self, fields):
        # fields: list indexed by field id of None or (fmt, value) or ("o", child object).
        self.fields = fields


class FbString:
    def __init__(self, s):
        self.data = s.encode("utf-8")


class FbTableVector:
    def __init__(self, items):
        self.items = items


class FbStructVector:
    def __init__(self, fmt, items):
        self.fmt = fmt
        self.items = items


def _pad(buf, align):
    while len(buf) % align:
        buf.append(0)


def _place(buf, obj):
    """Appends `obj` (and everything it references) to `buf`; returns its position."""
    if isinstance(obj, FbString):
        _pad(buf, 4)
        pos = len(buf)
        buf += struct.pack("<I", len(obj.data)) + obj.data + b"\0"
        return pos
    if isinstance(obj, FbStructVector):
        # Elements 8-aligned: the length word sits 4 bytes before an 8-byte boundary.
        _pad(buf, 8)
        buf += b"\0\0\0\0"
        pos = len(buf)
        buf += struct.pack("<I", len(obj.items))
        for it in obj.items:
            buf += struct.pack("<" + obj.fmt, *it)
        return pos
    if isinstance(obj, FbTableVector):
        _pad(buf, 4)
        pos = len(buf)
        buf += struct.pack("<I", len(obj.items))
        slots = []
        for _ in obj.items:
            slots.append(len(buf))
            buf += b"\0\0\0\0"
        for slot, it in zip(slots, obj.items):
            p = _place(buf, it)
            struct.pack_into("<I", buf, slot, p - slot)
        return pos
    # A table: inline layout first (relative offsets), then the vtable, then the table itself.
    layout = []  # (fid, rel_offset, fmt, value)
    size = 4
    for fid, f in enumerate(obj.fields):
        if f is None:
            continue
        fmt, value = f
        width = 4 if fmt == "o" else struct.calcsize("<" + fmt)
        while size % width:
            size += 1
        layout.append((fid, size, fmt, value))
        size += width
    while size % 8:
        size += 1
    nfields = len(obj.fields)
    vtable = struct.pack("<HH", 4 + 2 * nfields, size)
    offs = [0] * nfields
    for fid, rel, _, _ in layout:
        offs[fid] = rel
    vtable += struct.pack("<%dH" % nfields, *offs) if nfields else b""
    _pad(buf, 8)
    vpos = len(buf)
    buf += vtable
    _pad(buf, 8)
    tpos = len(buf)
    buf += bytes(size)
    struct.pack_into("<i", buf, tpos, tpos - vpos)
    children = []
    for fid, rel, fmt, value in layout:
        if fmt == "o":
            children.append((tpos + rel, value))
        else:
            struct.pack_into("<" + fmt, buf, tpos + rel, value)
    for slot, child in children:
        p = _place(buf, child)
        struct.pack_into("<I", buf, slot, p - slot)
    return tpos


def _finish(root):
    buf = bytearray(b"\0" * 8)  # root offset, then padding so the root's vtable is 8-aligned
    p = _place(buf, root)
    struct.pack_into("<I", buf, 0, p)
    _pad(buf, 8)
    return bytes(buf)


# ---------------------------------------------------------------------------------------------
# Stream writer.
def _infer_type(values):
    kind = None
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            k = "bool"
        elif isinstance(v, int):
            k = "int64"
        elif isinstance(v, float):
            k = "double"
        elif isinstance(v, str):
            k = "string"
        else:
            raise ArrowError(f"unsupported value {v!r} of type {type(v).__name__}")
        if kind is None or kind == k:
            kind = k
        elif {kind, k} == {"int64", "double"}:
            kind = "double"
        else:
            raise ArrowError(f"mixed value types {kind} and {k} in one column")
    return kind or "null"


def _type_table(kind):
    if kind == "int64":
        return T_INT, FbTable([("i", 64), ("?", True)])
    if kind == "double":
        return T_FLOAT, FbTable([("h", 2)])
    if kind == "string":
        return T_UTF8, FbTable([])
    if kind == "bool":
        return T_BOOL, FbTable([])
    if kind == "null":
        return T_NULL, FbTable([])
    raise ArrowError(f"the writer does not support type {kind}")


def _message(header_type, header, body_len):
    meta = _finish(FbTable([("h", METADATA_V5), ("B", header_type), ("o", header), ("q", body_len)]))
    return struct.pack("<Ii", CONTINUATION, len(meta)) + meta


def _validity(values):
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def write_stream(names, columns, types=None):
    """Serialises columns (lists of Python values, equal length) as one Arrow IPC stream.

    `types` gives each column's type ("int64", "double", "string", "bool", "null"); None infers
    them from the values. Returns the bytes of schema message + one record batch + EOS.
    """
    if types is None:
        types = [_infer_type(c) for c in columns]
    nrows = len(columns[0]) if columns else 0
    for n, c in zip(names, columns):
        if len(c) != nrows:
            raise ArrowError(f"column {n!r} has {len(c)} values, expected {nrows}")
    fields = []
    for name, kind in zip(names, types):
        tt, tbl = _type_table(kind)
        fields.append(FbTable([("o", FbString(name)), ("?", True), ("B", tt), ("o", tbl), None,
                               ("o", FbTableVector([]))]))
    schema = FbTable([("h", 0), ("o", FbTableVector(fields))])
    out = bytearray(_message(HEADER_SCHEMA, schema, 0))

    body = bytearray()
    buffers = []
    nodes = []

    def add(data):
        buffers.append((len(body), len(data)))
        body.extend(data)
        _pad(body, 8)

    for values, kind in zip(columns, types):
        nulls = sum(1 for v in values if v is None)
        nodes.append((nrows, nulls))
        if kind == "null":
            continue
        add(_validity(values) if nulls else b"")
        if kind == "int64":
            add(struct.pack("<%dq" % nrows, *[0 if v is None else int(v) for v in values]))
        elif kind == "double":
            add(struct.pack("<%dd" % nrows, *[0.0 if v is None else float(v) for v in values]))
        elif kind == "bool":
            add(_validity([True if v else None for v in values]))
        elif kind == "string":
            offsets = [0]
            data = bytearray()
            for v in values:
                if v is not None:
                    data += str(v).encode("utf-8")
                offsets.append(len(data))
            add(struct.pack("<%di" % (nrows + 1), *offsets))
            add(bytes(data))
    batch = FbTable([("q", nrows), ("o", FbStructVector("qq", nodes)),
                     ("o", FbStructVector("qq", buffers))])
    out += _message(HEADER_RECORD_BATCH, batch, len(body))
    out += body
    out += struct.pack("<Ii", CONTINUATION, 0)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Stream reader.
class Field:
    """A schema field: name, Arrow type id, type parameters, nullable, children."""

    def __init__(self, name, type_id, params, nullable, children):
        self.name = name
        self.type_id = type_id
        self.params = params
        self.nullable = nullable
        self.children = children

    def __repr__(self):
        return f"Field({self.name!r}, type={self.type_id}, {self.params})"


def _read_field(t):
    type_id = t.scalar(2, "B")
    tt = t.table(3)
    params = {}
    if type_id == T_INT:
        params = {"bit_width": tt.scalar(0, "i"), "signed": bool(tt.scalar(1, "?"))}
    elif type_id == T_FLOAT:
        params = {"precision": tt.scalar(0, "h")}
    elif type_id == T_DECIMAL:
        params = {"precision": tt.scalar(0, "i"), "scale": tt.scalar(1, "i"),
                  "bit_width": tt.scalar(2, "i", 128)}
    elif type_id == T_DATE:
        params = {"unit": tt.scalar(0, "h", 1)}
    elif type_id == T_TIMESTAMP:
        params = {"unit": tt.scalar(0, "h"), "timezone": tt.string(1)}
    if t._field(4):
        raise ArrowError(f"dictionary-encoded field {t.string(0)!r} is not supported")
    children = [_read_field(c) for c in t.tables(5)]
    return Field(t.string(0) or "", type_id, params, bool(t.scalar(1, "?")), children)


_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)
_TS_DIVISOR = {0: 1, 1: 1000, 2: 1000000, 3: 1000000000}  # units per second


class _BatchDecoder:
    def __init__(self, body, nodes, buffers):
        self.body = body
        self.nodes = iter(nodes)
        self.buffers = iter(buffers)

    def buf(self):
        off, length = next(self.buffers)
        return self.body[off:off + length]

    def column(self, f):
        length, null_count = next(self.nodes)
        if f.type_id == T_NULL:
            return [None] * length
        if f.type_id == T_STRUCT:
            raise ArrowError(f"struct field {f.name!r} is not supported")
        validity = self.buf()

        def valid(i):
            return null_count == 0 or not validity or (validity[i >> 3] >> (i & 7)) & 1

        tid = f.type_id
        if tid in (T_INT, T_FLOAT, T_DATE, T_TIMESTAMP, T_TIME):
            if tid == T_INT:
                fmt = {8: "b", 16: "h", 32: "i", 64: "q"}[f.params["bit_width"]]
                if not f.params["signed"]:
                    fmt = fmt.upper()
            elif tid == T_FLOAT:
                fmt = {0: "e", 1: "f", 2: "d"}[f.params["precision"]]
            elif tid == T_DATE:
                fmt = "i" if f.params["unit"] == 0 else "q"
            else:
                fmt = "q"
            raw = struct.unpack_from("<%d%s" % (length, fmt), self.buf())
            if tid == T_DATE:
                if f.params["unit"] == 0:
                    conv = lambda v: _EPOCH_DATE + datetime.timedelta(days=v)  # noqa: E731
                else:
                    conv = lambda v: _EPOCH_DATE + datetime.timedelta(milliseconds=v)  # noqa: E731
                raw = [conv(v) for v in raw]
            elif tid == T_TIMESTAMP:
                per_sec = _TS_DIVISOR[f.params["unit"]]
                raw = [_EPOCH + datetime.timedelta(microseconds=v * 1000000 // per_sec) for v in raw]
            return [raw[i] if valid(i) else None for i in range(length)]
        if tid == T_BOOL:
            bits = self.buf()
            return [bool((bits[i >> 3] >> (i & 7)) & 1) if valid(i) else None for i in range(length)]
        if tid in (T_UTF8, T_BINARY, T_LARGE_UTF8, T_LARGE_BINARY):
            ofmt = "q" if tid in (T_LARGE_UTF8, T_LARGE_BINARY) else "i"
            offs = struct.unpack_from("<%d%s" % (length + 1, ofmt), self.buf()) if length else (0,)
            data = self.buf()
            text = tid in (T_UTF8, T_LARGE_UTF8)
            out = []
            for i in range(length):
                if not valid(i):
                    out.append(None)
                    continue
                b = bytes(data[offs[i]:offs[i + 1]])
                out.append(b.decode("utf-8") if text else b)
            return out
        if tid == T_DECIMAL:
            if f.params["bit_width"] != 128:
                raise ArrowError(f"decimal{f.params['bit_width']} field {f.name!r} is not supported")
            raw = self.buf()
            scale = f.params["scale"]
            out = []
            for i in range(length):
                if not valid(i):
                    out.append(None)
                    continue
                v = int.from_bytes(raw[16 * i:16 * i + 16], "little", signed=True)
                out.append(decimal.Decimal(v).scaleb(-scale))
            return out
        if tid in (T_LIST, T_LARGE_LIST):
            ofmt = "q" if tid == T_LARGE_LIST else "i"
            offs = struct.unpack_from("<%d%s" % (length + 1, ofmt), self.buf()) if length else (0,)
            child = self.column(f.children[0])
            return [child[offs[i]:offs[i + 1]] if valid(i) else None for i in range(length)]
        raise ArrowError(f"field {f.name!r} has unsupported Arrow type id {tid}")


def read_stream(data):
    """Decodes an Arrow IPC stream. Returns (fields, rows): a list of Field and a list of tuples.

    Several concatenated streams (one per Spark Connect response) may be passed joined; a
    repeated schema message is accepted when it matches. Raises ArrowError on bad input.
    """
    data = memoryview(bytes(data))
    pos = 0
    fields = None
    rows = []
    while pos + 4 <= len(data):
        (word,) = struct.unpack_from("<I", data, pos)
        if word == CONTINUATION:
            (mlen,) = struct.unpack_from("<i", data, pos + 4)
            pos += 8
        else:  # pre-0.15 streams: no continuation word
            mlen = struct.unpack_from("<i", data, pos)[0]
            pos += 4
        if mlen == 0:
            continue  # end of one stream; another may follow
        meta = data[pos:pos + mlen]
        pos += mlen
        msg = _root(meta)
        header_type = msg.scalar(1, "B")
        body_len = msg.scalar(3, "q")
        body = data[pos:pos + body_len]
        pos += body_len
        header = msg.table(2)
        if header_type == HEADER_SCHEMA:
            fs = [_read_field(t) for t in header.tables(1)]
            if fields is None:
                fields = fs
            continue
        if header_type != HEADER_RECORD_BATCH:
            raise ArrowError(f"unsupported Arrow message header type {header_type}")
        if fields is None:
            raise ArrowError("record batch before schema")
        if header.table(3) is not None:
            raise ArrowError("compressed Arrow record batches are not supported")
        n = header.scalar(0, "q")
        dec = _BatchDecoder(body, header.structs(1, "qq"), header.structs(2, "qq"))
        cols = [dec.column(f) for f in fields]
        rows.extend(zip(*cols) if cols else [()] * n)
    return fields or [], rows
