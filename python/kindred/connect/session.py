"""SparkSession and the gRPC client underneath it."""
import datetime
import decimal
import threading
import uuid
from urllib.parse import unquote

from . import arrow
from . import errors
from . import types as T
from ._proto import base_pb2, base_pb2_grpc, catalog_pb2, commands_pb2, grpc, relations_pb2
from .dataframe import DataFrame

R = relations_pb2


def parse_remote(url):
    """Splits "sc://host:port/;key=value;..." into (host, port, params)."""
    if not url.startswith("sc://"):
        raise ValueError(f"a Spark Connect URL starts with sc://, got {url!r}")
    rest = url[len("sc://"):]
    params = {}
    if ";" in rest:
        rest, *kvs = rest.split(";")
        for kv in kvs:
            if kv:
                k, _, v = kv.partition("=")
                params[k] = unquote(v)
    rest = rest.rstrip("/")
    host, _, port = rest.rpartition(":")
    if not host:
        host, port = rest, "15002"
    return host, int(port), params


class _Client:
    """One gRPC channel and session id; thread-safe (grpc stubs are)."""

    def __init__(self, url):
        host, port, params = parse_remote(url)
        self.target = f"{host}:{port}"
        self.session_id = params.get("session_id") or str(uuid.uuid4())
        self.user = base_pb2.UserContext(user_id=params.get("user_id", "kindred"),
                                         user_name=params.get("user_id", "kindred"))
        self.channel = grpc.insecure_channel(self.target, options=[
            ("grpc.max_receive_message_length", 256 << 20),
            ("grpc.max_send_message_length", 256 << 20)])
        self.stub = base_pb2_grpc.SparkConnectServiceStub(self.channel)
        self.closed = False

    def _call(self, fn, *args):
        if self.closed:
            raise errors.SparkConnectException(
                f"[NO_ACTIVE_SESSION] session {self.session_id} on {self.target} was stopped",
                "NO_ACTIVE_SESSION")
        try:
            return fn(*args)
        except grpc.RpcError as e:
            raise errors.convert(e) from None

    def _execute(self, plan):
        req = base_pb2.ExecutePlanRequest(session_id=self.session_id, user_context=self.user, plan=plan,
                                          operation_id=str(uuid.uuid4()))
        return self._call(lambda: list(self.stub.ExecutePlan(req)))

    def execute_relation(self, rel):
        """Runs a relation; returns (arrow fields, rows as tuples)."""
        responses = self._execute(base_pb2.Plan(root=rel))
        data = b"".join(r.arrow_batch.data for r in responses if r.HasField("arrow_batch"))
        fields, rows = arrow.read_stream(data)
        if not fields:
            schema = next((r.schema for r in responses if r.HasField("schema")), None)
            if schema is not None:
                st = T.from_proto(schema)
                fields = [arrow.Field(n, 0, {}, True, []) for n in st.names]
        return fields, rows

    def execute_command(self, cmd):
        return self._execute(base_pb2.Plan(command=cmd))

    def analyze(self, **kw):
        req = base_pb2.AnalyzePlanRequest(session_id=self.session_id, user_context=self.user, **kw)
        return self._call(self.stub.AnalyzePlan, req)

    def schema(self, rel):
        r = self.analyze(schema=base_pb2.AnalyzePlanRequest.Schema(plan=base_pb2.Plan(root=rel)))
        return T.from_proto(r.schema.schema)

    def config(self, op):
        req = base_pb2.ConfigRequest(session_id=self.session_id, user_context=self.user, operation=op)
        return self._call(self.stub.Config, req)

    def release(self):
        try:
            self.stub.ReleaseSession(base_pb2.ReleaseSessionRequest(
                session_id=self.session_id, user_context=self.user))
        except grpc.RpcError:
            pass  # the server may already be gone; closing the channel is what matters
        self.closed = True
        self.channel.close()


class DataFrameReader:
    def __init__(self, session):
        self._session = session
        self._format = None
        self._schema = None
        self._options = {}

    def format(self, f):
        self._format = f
        return self

    def schema(self, s):
        self._schema = s if isinstance(s, str) else _ddl(s)
        return self

    def option(self, key, value):
        if value is not None:
            self._options[key] = str(value).lower() if isinstance(value, bool) else str(value)
        return self

    def options(self, **kw):
        for k, v in kw.items():
            self.option(k, v)
        return self

    def load(self, path=None, format=None, schema=None, **options):  # noqa: A002
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        paths = [] if path is None else ([path] if isinstance(path, str) else list(path))
        ds = R.Read.DataSource(format=format or self._format or "parquet", options=self._options,
                               paths=paths)
        if self._schema:
            ds.schema = self._schema
        return DataFrame(self._session, R.Relation(read=R.Read(data_source=ds)))

    def csv(self, path, schema=None, header=None, inferSchema=None, sep=None, **options):
        return self.load(path, "csv", schema, header=header, inferSchema=inferSchema, sep=sep, **options)

    def json(self, path, schema=None, **options):
        return self.load(path, "json", schema, **options)

    def parquet(self, *paths, **options):
        return self.load(list(paths), "parquet", None, **options)

    def table(self, name):
        return self._session.table(name)


def _ddl(schema):
    if isinstance(schema, T.StructType):
        return ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in schema.fields)
    return schema


_ARROW_KIND = {"bigint": "int64", "long": "int64", "int": "int64", "integer": "int64",
               "smallint": "int64", "tinyint": "int64", "short": "int64", "byte": "int64",
               "double": "double", "float": "double", "string": "string", "boolean": "bool",
               "bool": "bool", "void": "null"}


def _split_ddl(ddl):
    """[(name, type)] of a flat DDL string "a long, b string" (nested types are kept whole)."""
    out, depth, cur = [], 0, ""
    for ch in ddl + ",":
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        if ch == "," and depth == 0:
            part = cur.strip()
            if part:
                name, _, typ = part.replace(":", " ", 1).partition(" ")
                out.append((name.strip("`"), typ.strip()))
            cur = ""
        else:
            cur += ch
    return out


class SparkSession:
    """A Spark Connect session on a Kindred (or Spark) server."""

    class Builder:
        def __init__(self):
            self._remote = None
            self._conf = {}

        def remote(self, url):
            self._remote = url
            return self

        def config(self, key, value):
            self._conf[key] = str(value)
            return self

        def appName(self, name):
            return self

        def getOrCreate(self):
            url = self._remote or "sc://localhost:15002"
            with SparkSession._lock:
                s = SparkSession._active
                if s is None or s._url != url or s._stopped:
                    s = SparkSession(url)
                    SparkSession._active = s
            for k, v in self._conf.items():
                s.conf.set(k, v)
            return s

        create = getOrCreate

    _lock = threading.Lock()
    _active = None
    builder = None  # replaced below by a property-like descriptor

    def __init__(self, url):
        self._url = url
        self._client = _Client(url)
        self._plan_counter = 0
        self._plan_lock = threading.Lock()
        self._stopped = False
        self.conf = RuntimeConf(self._client)
        self.catalog = Catalog(self._client)

    @property
    def session_id(self):
        return self._client.session_id

    def _next_plan_id(self):
        with self._plan_lock:
            self._plan_counter += 1
            return self._plan_counter

    @property
    def version(self):
        r = self._client.analyze(spark_version=base_pb2.AnalyzePlanRequest.SparkVersion())
        return r.spark_version.version

    @property
    def read(self):
        return DataFrameReader(self)

    def range(self, start, end=None, step=1, numPartitions=None):
        if end is None:
            start, end = 0, start
        r = R.Range(start=start, end=end, step=step)
        if numPartitions:
            r.num_partitions = numPartitions
        return DataFrame(self, R.Relation(range=r))

    def sql(self, query):
        """Runs `query` (eagerly, as Spark does for commands) and returns its DataFrame."""
        rs = self._client.execute_command(commands_pb2.Command(
            sql_command=commands_pb2.SqlCommand(input=R.Relation(sql=R.SQL(query=query)))))
        for r in rs:
            if r.HasField("sql_command_result"):
                return DataFrame(self, r.sql_command_result.relation)
        return DataFrame(self, R.Relation(sql=R.SQL(query=query)))

    def table(self, name):
        return DataFrame(self, R.Relation(read=R.Read(named_table=R.Read.NamedTable(unparsed_identifier=name))))

    def createDataFrame(self, data, schema=None):
        """A DataFrame of local data: a list of tuples/lists/dicts/Rows, or a pandas DataFrame.

        `schema` is a list of column names, a DDL string ("a long, b string") or a StructType.
        Values travel as an Arrow IPC stream (int64, double, string, bool, null columns); the
        server casts them to the DDL types.
        """
        names = None
        ddl = None
        if isinstance(schema, (list, tuple)):
            names = list(schema)
        elif isinstance(schema, T.StructType):
            ddl = _ddl(schema)
        elif isinstance(schema, str):
            ddl = schema
        elif schema is not None:
            raise TypeError(f"schema must be a list of names, a DDL string or a StructType, got {schema!r}")
        rows = None
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None and isinstance(data, pd.DataFrame):
            cols = [[None if _is_na(v) else _py(v) for v in data[c].tolist()] for c in data.columns]
            data_names = [str(c) for c in data.columns]
        else:
            rows = list(data)
            data_names = None
            if rows and isinstance(rows[0], dict):
                data_names = list(rows[0].keys())
                rows = [tuple(r.get(k) for k in data_names) for r in rows]
            elif rows and isinstance(rows[0], T.Row) and rows[0].__fields__:
                data_names = list(rows[0].__fields__)
            width = len(rows[0]) if rows else 0
            for i, r in enumerate(rows):
                if len(r) != width:
                    raise ValueError(f"row {i} has {len(r)} values, expected {width}")
            cols = [[r[j] for r in rows] for j in range(width)]
        ddl_fields = _split_ddl(ddl) if ddl else None
        if ddl_fields is not None:
            names = [n for n, _ in ddl_fields]
        if names is None:
            names = data_names or [f"_{i + 1}" for i in range(len(cols))]
        if not cols and names:
            cols = [[] for _ in names]
        if len(names) != len(cols):
            raise ValueError(f"schema has {len(names)} columns but the data has {len(cols)}")
        kinds = None
        if ddl_fields is not None:
            kinds = []
            for (n, t), c in zip(ddl_fields, cols):
                k = _ARROW_KIND.get(t.lower())
                if k is None:
                    # Dates, timestamps, decimals...: sent as text, which the server casts to `t`.
                    k = "string" if any(v is not None for v in c) else "null"
                kinds.append(k)
            for i, k in enumerate(kinds):
                if k == "double":
                    cols[i] = [None if v is None else float(v) for v in cols[i]]
                elif k == "string" and any(v is not None and not isinstance(v, str) for v in cols[i]):
                    cols[i] = [None if v is None else _text(v) for v in cols[i]]
        payload = arrow.write_stream(names, cols, kinds)
        local = R.LocalRelation(data=payload)
        if ddl:
            local.schema = ddl
        return DataFrame(self, R.Relation(local_relation=local))

    def stop(self):
        if not self._stopped:
            self._stopped = True
            self._client.release()
            with SparkSession._lock:
                if SparkSession._active is self:
                    SparkSession._active = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _is_na(v):
    try:
        return v is None or v != v  # NaN / NaT
    except Exception:  # noqa: BLE001
        return False


def _text(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, decimal.Decimal)):
        return str(v)
    return str(v)


def _py(v):
    return v.item() if hasattr(v, "item") else v


class _BuilderDescriptor:
    def __get__(self, obj, owner):
        return SparkSession.Builder()


SparkSession.builder = _BuilderDescriptor()


class Catalog:
    """spark.catalog: temporary views and the cache of persisted DataFrames."""

    def __init__(self, client):
        self._client = client

    def _run(self, **kw):
        return self._client.execute_relation(relations_pb2.Relation(catalog=catalog_pb2.Catalog(**kw)))

    def dropTempView(self, viewName):
        _, rows = self._run(drop_temp_view=catalog_pb2.DropTempView(view_name=viewName))
        return bool(rows[0][0])

    def cacheTable(self, tableName, storageLevel=None):
        """Computes the temporary view now; queries read the result until it is uncached."""
        kw = {} if storageLevel is None else {"storage_level": storageLevel._to_proto()}
        self._run(cache_table=catalog_pb2.CacheTable(table_name=tableName, **kw))

    def uncacheTable(self, tableName):
        self._run(uncache_table=catalog_pb2.UncacheTable(table_name=tableName))

    def isCached(self, tableName):
        _, rows = self._run(is_cached=catalog_pb2.IsCached(table_name=tableName))
        return bool(rows[0][0])

    def clearCache(self):
        """Uncaches every view and unpersists every DataFrame of the session."""
        self._run(clear_cache=catalog_pb2.ClearCache())


class RuntimeConf:
    def __init__(self, client):
        self._client = client

    def set(self, key, value):
        Op = base_pb2.ConfigRequest
        self._client.config(Op.Operation(set=Op.Set(pairs=[base_pb2.KeyValue(key=key, value=str(value))])))

    def get(self, key, default=None):
        Op = base_pb2.ConfigRequest
        if default is None:
            r = self._client.config(Op.Operation(get=Op.Get(keys=[key])))
        else:
            r = self._client.config(Op.Operation(get_with_default=Op.GetWithDefault(
                pairs=[base_pb2.KeyValue(key=key, value=str(default))])))
        return r.pairs[0].value

    def unset(self, key):
        Op = base_pb2.ConfigRequest
        self._client.config(Op.Operation(unset=Op.Unset(keys=[key])))
