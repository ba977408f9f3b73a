"""DataFrame, GroupedData and DataFrameWriter: lazy Spark Connect relations."""
from . import types as T
from ._proto import base_pb2, commands_pb2, relations_pb2
from .column import Column, E, _col_or_name, _expr, _literal
from .functions import expr as _sql_expr
from .storagelevel import StorageLevel

R = relations_pb2


def _cols(args):
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        return list(args[0])
    return list(args)


def _sort_order(c):
    c = _col_or_name(c)
    if c._expr.WhichOneof("expr_type") == "sort_order":
        return c._expr.sort_order
    S = E.SortOrder
    return S(child=c._expr, direction=S.SORT_DIRECTION_ASCENDING, null_ordering=S.SORT_NULLS_FIRST)


_JOIN_TYPES = {
    "inner": R.Join.JOIN_TYPE_INNER, "cross": R.Join.JOIN_TYPE_CROSS,
    "outer": R.Join.JOIN_TYPE_FULL_OUTER, "full": R.Join.JOIN_TYPE_FULL_OUTER,
    "fullouter": R.Join.JOIN_TYPE_FULL_OUTER, "full_outer": R.Join.JOIN_TYPE_FULL_OUTER,
    "left": R.Join.JOIN_TYPE_LEFT_OUTER, "leftouter": R.Join.JOIN_TYPE_LEFT_OUTER,
    "left_outer": R.Join.JOIN_TYPE_LEFT_OUTER, "right": R.Join.JOIN_TYPE_RIGHT_OUTER,
    "rightouter": R.Join.JOIN_TYPE_RIGHT_OUTER, "right_outer": R.Join.JOIN_TYPE_RIGHT_OUTER,
    "semi": R.Join.JOIN_TYPE_LEFT_SEMI, "leftsemi": R.Join.JOIN_TYPE_LEFT_SEMI,
    "left_semi": R.Join.JOIN_TYPE_LEFT_SEMI, "anti": R.Join.JOIN_TYPE_LEFT_ANTI,
    "leftanti": R.Join.JOIN_TYPE_LEFT_ANTI, "left_anti": R.Join.JOIN_TYPE_LEFT_ANTI,
}


class DataFrame:
    """A lazy relation bound to a SparkSession; actions (collect, count, show...) run it."""

    def __init__(self, session, relation):
        self._session = session
        self._rel = relation
        self._plan_id = session._next_plan_id()
        self._rel.common.plan_id = self._plan_id

    def _new(self, **kw):
        return DataFrame(self._session, R.Relation(**kw))

    # ---- Column access ----
    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(E(unresolved_attribute=E.UnresolvedAttribute(
                unparsed_identifier=item, plan_id=self._plan_id)))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise TypeError(f"unexpected item type {type(item).__name__}")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.columns:
            return self[name]
        raise AttributeError(f"DataFrame has no attribute or column {name!r}")

    # ---- Transformations ----
    def select(self, *cols):
        exprs = [_col_or_name(c)._expr for c in _cols(cols)]
        return self._new(project=R.Project(input=self._rel, expressions=exprs))

    def selectExpr(self, *exprs):
        return self.select(*[_sql_expr(e) for e in _cols(exprs)])

    def filter(self, condition):
        cond = _sql_expr(condition) if isinstance(condition, str) else condition
        return self._new(filter=R.Filter(input=self._rel, condition=cond._expr))

    where = filter

    def withColumn(self, name, col):
        return self._new(with_columns=R.WithColumns(
            input=self._rel, aliases=[E.Alias(expr=_expr(col), name=[name])]))

    def withColumns(self, mapping):
        return self._new(with_columns=R.WithColumns(
            input=self._rel, aliases=[E.Alias(expr=_expr(c), name=[n]) for n, c in mapping.items()]))

    def withColumnRenamed(self, existing, new):
        return self._new(with_columns_renamed=R.WithColumnsRenamed(
            input=self._rel, renames=[R.WithColumnsRenamed.Rename(col_name=existing, new_col_name=new)]))

    def drop(self, *cols):
        names = [c for c in cols if isinstance(c, str)]
        exprs = [c._expr for c in cols if isinstance(c, Column)]
        return self._new(drop=R.Drop(input=self._rel, columns=exprs, column_names=names))

    def join(self, other, on=None, how=None):
        j = R.Join(left=self._rel, right=other._rel,
                   join_type=_JOIN_TYPES.get((how or "inner").lower().replace(" ", ""),
                                             None) or self._bad_join(how))
        if on is None:
            if how is None:
                j.join_type = R.Join.JOIN_TYPE_CROSS
        elif isinstance(on, str):
            j.using_columns.append(on)
        elif isinstance(on, Column):
            j.join_condition.CopyFrom(on._expr)
        elif isinstance(on, (list, tuple)) and all(isinstance(x, str) for x in on):
            j.using_columns.extend(on)
        elif isinstance(on, (list, tuple)) and all(isinstance(x, Column) for x in on):
            cond = on[0]
            for c in on[1:]:
                cond = cond & c
            j.join_condition.CopyFrom(cond._expr)
        else:
            raise TypeError("join `on` must be a column name, a list of names, or Column(s)")
        return self._new(join=j)

    @staticmethod
    def _bad_join(how):
        raise ValueError(f"unsupported join type {how!r}")

    def crossJoin(self, other):
        return self._new(join=R.Join(left=self._rel, right=other._rel, join_type=R.Join.JOIN_TYPE_CROSS))

    def groupBy(self, *cols):
        return GroupedData(self, [_col_or_name(c) for c in _cols(cols)])

    groupby = groupBy

    def agg(self, *exprs):
        return self.groupBy().agg(*exprs)

    def unpivot(self, ids, values, variableColumnName, valueColumnName):
        """One row per (row, value column): the ids, the value column's name and its value.

        `values` None means every column that is not an id.
        """
        def as_list(x):
            return list(x) if isinstance(x, (list, tuple)) else [x]
        u = R.Unpivot(input=self._rel, ids=[_col_or_name(c)._expr for c in as_list(ids)],
                      variable_column_name=variableColumnName, value_column_name=valueColumnName)
        if values is not None:
            u.values.values.extend([_col_or_name(c)._expr for c in as_list(values)])
        return self._new(unpivot=u)

    melt = unpivot

    def orderBy(self, *cols, ascending=None):
        cols = _cols(cols)
        orders = [_sort_order(c) for c in cols]
        if ascending is not None:
            flags = ascending if isinstance(ascending, (list, tuple)) else [ascending] * len(orders)
            S = E.SortOrder
            for o, asc in zip(orders, flags):
                o.direction = S.SORT_DIRECTION_ASCENDING if asc else S.SORT_DIRECTION_DESCENDING
                o.null_ordering = S.SORT_NULLS_FIRST if asc else S.SORT_NULLS_LAST
        return self._new(sort=R.Sort(input=self._rel, order=orders, is_global=True))

    sort = orderBy

    def limit(self, n):
        return self._new(limit=R.Limit(input=self._rel, limit=n))

    def offset(self, n):
        return self._new(offset=R.Offset(input=self._rel, offset=n))

    def distinct(self):
        return self._new(deduplicate=R.Deduplicate(input=self._rel, all_columns_as_keys=True))

    def dropDuplicates(self, subset=None):
        if not subset:
            return self.distinct()
        return self._new(deduplicate=R.Deduplicate(input=self._rel, column_names=list(subset)))

    drop_duplicates = dropDuplicates

    def _set_op(self, other, op, is_all, by_name=False, allow_missing=False):
        return self._new(set_op=R.SetOperation(
            left_input=self._rel, right_input=other._rel, set_op_type=op, is_all=is_all,
            by_name=by_name, allow_missing_columns=allow_missing))

    def union(self, other):
        return self._set_op(other, R.SetOperation.SET_OP_TYPE_UNION, True)

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        return self._set_op(other, R.SetOperation.SET_OP_TYPE_UNION, True, True, allowMissingColumns)

    def intersect(self, other):
        return self._set_op(other, R.SetOperation.SET_OP_TYPE_INTERSECT, False)

    def subtract(self, other):
        return self._set_op(other, R.SetOperation.SET_OP_TYPE_EXCEPT, False)

    exceptAll = subtract

    def alias(self, name):
        return self._new(subquery_alias=R.SubqueryAlias(input=self._rel, alias=name))

    def toDF(self, *names):
        return self._new(to_df=R.ToDF(input=self._rel, column_names=list(names)))

    # ---- Actions ----
    def _rows(self):
        fields, rows = self._session._client.execute_relation(self._rel)
        names = [f.name for f in fields]
        return [T.Row._make(names, r) for r in rows]

    def collect(self):
        """All rows, as Row objects (values: int, float, str, bool, Decimal, date, datetime, list)."""
        return self._rows()

    def take(self, n):
        return self.limit(n).collect()

    def head(self, n=None):
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def count(self):
        from .functions import count, lit
        rows = self.groupBy().agg(count(lit(1)).alias("count")).collect()
        return int(rows[0][0])

    def isEmpty(self):
        return len(self.take(1)) == 0

    def _show_string(self, n=20, truncate=True, vertical=False):
        t = 20 if truncate is True else (0 if truncate is False else int(truncate))
        rel = R.Relation(show_string=R.ShowString(input=self._rel, num_rows=n, truncate=t,
                                                  vertical=vertical))
        _, rows = self._session._client.execute_relation(rel)
        return rows[0][0]

    def show(self, n=20, truncate=True, vertical=False):
        print(self._show_string(n, truncate, vertical), end="")

    @property
    def schema(self):
        return self._session._client.schema(self._rel)

    # ---- Caching ----
    def persist(self, storageLevel=None):
        """Keeps this DataFrame's rows in the server's memory once the next action computes
        them; later queries on it (or on DataFrames built from it) read them from there."""
        level = StorageLevel.MEMORY_AND_DISK_DESER if storageLevel is None else storageLevel
        self._session._client.analyze(persist=base_pb2.AnalyzePlanRequest.Persist(
            relation=self._rel, storage_level=level._to_proto()))
        return self

    def cache(self):
        return self.persist()

    def unpersist(self, blocking=False):
        self._session._client.analyze(unpersist=base_pb2.AnalyzePlanRequest.Unpersist(
            relation=self._rel, blocking=blocking))
        return self

    @property
    def storageLevel(self):
        r = self._session._client.analyze(get_storage_level=base_pb2.AnalyzePlanRequest.GetStorageLevel(
            relation=self._rel))
        return StorageLevel._from_proto(r.get_storage_level.storage_level)

    @property
    def is_cached(self):
        return self.storageLevel != StorageLevel.NONE

    @property
    def columns(self):
        return self.schema.names

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    def printSchema(self):
        print(self.schema.treeString(), end="")

    def toPandas(self):
        import pandas as pd
        fields, rows = self._session._client.execute_relation(self._rel)
        names = [f.name for f in fields]
        return pd.DataFrame.from_records([tuple(r) for r in rows], columns=names)

    def createOrReplaceTempView(self, name):
        self._session._client.execute_command(commands_pb2.Command(
            create_dataframe_view=commands_pb2.CreateDataFrameViewCommand(
                input=self._rel, name=name, is_global=False, replace=True)))

    def createTempView(self, name):
        self._session._client.execute_command(commands_pb2.Command(
            create_dataframe_view=commands_pb2.CreateDataFrameViewCommand(
                input=self._rel, name=name, is_global=False, replace=False)))

    @property
    def write(self):
        return DataFrameWriter(self)

    def __repr__(self):
        try:
            return "DataFrame[" + ", ".join(f"{n}: {t}" for n, t in self.dtypes) + "]"
        except Exception:  # noqa: BLE001 - repr must not raise
            return "DataFrame[?]"


class GroupedData:
    def __init__(self, df, cols, pivot=None):
        self._df = df
        self._cols = cols
        self._pivot = pivot  # (column, [values] or None) after pivot()

    def pivot(self, pivot_col, values=None):
        """Turns the distinct values of `pivot_col` (or the given `values`) into columns.

        Without `values` the server first computes the distinct values, sorted.
        """
        if self._pivot is not None:
            raise ValueError("pivot() can be called only once")
        return GroupedData(self._df, self._cols,
                           (_col_or_name(pivot_col), None if values is None else list(values)))

    def agg(self, *exprs):
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            from . import functions as F
            exprs = [getattr(F, fn)(F.col(c)).alias(f"{fn}({c})") for c, fn in exprs[0].items()]
        agg = R.Aggregate(
            input=self._df._rel, group_type=R.Aggregate.GROUP_TYPE_GROUPBY,
            grouping_expressions=[c._expr for c in self._cols],
            aggregate_expressions=[_expr(e) for e in exprs])
        if self._pivot is not None:
            col, values = self._pivot
            agg.group_type = R.Aggregate.GROUP_TYPE_PIVOT
            agg.pivot.col.CopyFrom(col._expr)
            for v in values or []:
                agg.pivot.values.append(_literal(v).literal)
        return self._df._new(aggregate=agg)

    def _each(self, fn, cols):
        from . import functions as F
        return self.agg(*[getattr(F, fn)(F.col(c)).alias(f"{fn}({c})") for c in cols])

    def count(self):
        from . import functions as F
        return self.agg(F.count(F.lit(1)).alias("count"))

    def sum(self, *cols): return self._each("sum", cols)
    def avg(self, *cols): return self._each("avg", cols)
    mean = avg
    def min(self, *cols): return self._each("min", cols)
    def max(self, *cols): return self._each("max", cols)


_SAVE_MODES = {
    None: commands_pb2.WriteOperation.SAVE_MODE_ERROR_IF_EXISTS,
    "error": commands_pb2.WriteOperation.SAVE_MODE_ERROR_IF_EXISTS,
    "errorifexists": commands_pb2.WriteOperation.SAVE_MODE_ERROR_IF_EXISTS,
    "overwrite": commands_pb2.WriteOperation.SAVE_MODE_OVERWRITE,
    "append": commands_pb2.WriteOperation.SAVE_MODE_APPEND,
    "ignore": commands_pb2.WriteOperation.SAVE_MODE_IGNORE,
}


def _opt(v):
    return str(v).lower() if isinstance(v, bool) else str(v)


class DataFrameWriter:
    def __init__(self, df):
        self._df = df
        self._mode = None
        self._format = None
        self._options = {}

    def mode(self, m):
        if m not in _SAVE_MODES:
            raise ValueError(f"unknown save mode {m!r}")
        self._mode = m
        return self

    def format(self, f):
        self._format = f
        return self

    def option(self, key, value):
        self._options[key] = _opt(value)
        return self

    def options(self, **kw):
        for k, v in kw.items():
            self.option(k, v)
        return self

    def save(self, path, format=None, mode=None, **options):  # noqa: A002
        if mode is not None:
            self.mode(mode)
        for k, v in options.items():
            if v is not None:
                self.option(k, v)
        w = commands_pb2.WriteOperation(input=self._df._rel, source=format or self._format or "parquet",
                                        path=path, mode=_SAVE_MODES[self._mode], options=self._options)
        self._df._session._client.execute_command(commands_pb2.Command(write_operation=w))

    def csv(self, path, mode=None, header=None, sep=None, **options):
        return self.save(path, "csv", mode, header=header, sep=sep, **options)

    def json(self, path, mode=None, **options):
        return self.save(path, "json", mode, **options)

    def parquet(self, path, mode=None, **options):
        return self.save(path, "parquet", mode, **options)
