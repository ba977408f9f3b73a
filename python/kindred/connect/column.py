"""Column: an unresolved Spark Connect expression built with operators and methods."""
import datetime
import decimal

from ._proto import expressions_pb2

E = expressions_pb2.Expression


def _literal(v):
    L = E.Literal
    if v is None:
        from ._proto import types_pb2
        return E(literal=L(null=types_pb2.DataType(null=types_pb2.DataType.NULL())))
    if isinstance(v, bool):
        return E(literal=L(boolean=v))
    if isinstance(v, int):
        if -(1 << 31) <= v < (1 << 31):
            return E(literal=L(integer=v))
        return E(literal=L(long=v))
    if isinstance(v, float):
        return E(literal=L(double=v))
    if isinstance(v, str):
        return E(literal=L(string=v))
    if isinstance(v, decimal.Decimal):
        return E(literal=L(decimal=L.Decimal(value=str(v))))
    if isinstance(v, datetime.datetime):
        epoch = datetime.datetime(1970, 1, 1, tzinfo=v.tzinfo)
        delta = v - epoch
        return E(literal=L(timestamp=(delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds))
    if isinstance(v, datetime.date):
        return E(literal=L(date=(v - datetime.date(1970, 1, 1)).days))
    if isinstance(v, (bytes, bytearray)):
        return E(literal=L(binary=bytes(v)))
    raise TypeError(f"unsupported literal {v!r} of type {type(v).__name__}")


def _expr(c):
    """The Expression proto of a Column or a Python literal."""
    if isinstance(c, Column):
        return c._expr
    return _literal(c)


def _col_or_name(c):
    """Column of a Column or a column name string (as select/groupBy take them)."""
    if isinstance(c, Column):
        return c
    if isinstance(c, str):
        if c == "*":
            return Column(E(unresolved_star=E.UnresolvedStar()))
        return Column(E(unresolved_attribute=E.UnresolvedAttribute(unparsed_identifier=c)))
    raise TypeError(f"expected a Column or a column name, got {type(c).__name__}")


def _fn(name, *args, distinct=False):
    return Column(E(unresolved_function=E.UnresolvedFunction(
        function_name=name, arguments=[_expr(a) for a in args], is_distinct=distinct)))


class Column:
    """Immutable; every operation returns a new Column."""

    def __init__(self, expr):
        self._expr = expr

    # Arithmetic.
    def __add__(self, o): return _fn("+", self, o)
    def __radd__(self, o): return _fn("+", o, self)
    def __sub__(self, o): return _fn("-", self, o)
    def __rsub__(self, o): return _fn("-", o, self)
    def __mul__(self, o): return _fn("*", self, o)
    def __rmul__(self, o): return _fn("*", o, self)
    def __truediv__(self, o): return _fn("/", self, o)
    def __rtruediv__(self, o): return _fn("/", o, self)
    def __mod__(self, o): return _fn("%", self, o)
    def __rmod__(self, o): return _fn("%", o, self)
    def __neg__(self): return _fn("negative", self)

    # Comparison.
    def __eq__(self, o): return _fn("==", self, o)  # noqa: E704
    def __ne__(self, o): return _fn("!=", self, o)
    def __lt__(self, o): return _fn("<", self, o)
    def __le__(self, o): return _fn("<=", self, o)
    def __gt__(self, o): return _fn(">", self, o)
    def __ge__(self, o): return _fn(">=", self, o)
    def eqNullSafe(self, o): return _fn("<=>", self, o)

    # Boolean.
    def __and__(self, o): return _fn("and", self, o)
    def __rand__(self, o): return _fn("and", o, self)
    def __or__(self, o): return _fn("or", self, o)
    def __ror__(self, o): return _fn("or", o, self)
    def __invert__(self): return _fn("not", self)

    def __bool__(self):
        raise ValueError("a Column has no truth value: use & | ~ instead of and/or/not")

    __hash__ = None

    def alias(self, *names):
        return Column(E(alias=E.Alias(expr=self._expr, name=list(names))))

    name = alias

    def cast(self, to):
        if isinstance(to, str):
            return Column(E(cast=E.Cast(expr=self._expr, type_str=to)))
        if hasattr(to, "simpleString"):
            return Column(E(cast=E.Cast(expr=self._expr, type_str=to.simpleString())))
        raise TypeError(f"cast needs a type name or DataType, got {to!r}")

    astype = cast

    def isNull(self): return _fn("isnull", self)
    def isNotNull(self): return _fn("isnotnull", self)

    def isin(self, *values):
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = tuple(values[0])
        return _fn("in", self, *values)

    def like(self, pattern): return _fn("like", self, pattern)
    def rlike(self, pattern): return _fn("rlike", self, pattern)
    def contains(self, o): return _fn("contains", self, o)
    def startswith(self, o): return _fn("startswith", self, o)
    def endswith(self, o): return _fn("endswith", self, o)
    def between(self, lo, hi): return (self >= lo) & (self <= hi)

    def _sort(self, direction, nulls):
        S = E.SortOrder
        return Column(E(sort_order=S(child=self._expr, direction=direction, null_ordering=nulls)))

    def asc(self):
        S = E.SortOrder
        return self._sort(S.SORT_DIRECTION_ASCENDING, S.SORT_NULLS_FIRST)

    def desc(self):
        S = E.SortOrder
        return self._sort(S.SORT_DIRECTION_DESCENDING, S.SORT_NULLS_LAST)

    def asc_nulls_last(self):
        S = E.SortOrder
        return self._sort(S.SORT_DIRECTION_ASCENDING, S.SORT_NULLS_LAST)

    def desc_nulls_first(self):
        S = E.SortOrder
        return self._sort(S.SORT_DIRECTION_DESCENDING, S.SORT_NULLS_FIRST)

    def when(self, condition, value):
        f = self._expr.unresolved_function
        if self._expr.WhichOneof("expr_type") != "unresolved_function" or f.function_name != "when":
            raise ValueError("when() can only follow F.when(...)")
        if len(f.arguments) % 2 == 1:
            raise ValueError("when() cannot follow otherwise()")
        return Column(E(unresolved_function=E.UnresolvedFunction(
            function_name="when", arguments=list(f.arguments) + [_expr(condition), _expr(value)])))

    def otherwise(self, value):
        f = self._expr.unresolved_function
        if self._expr.WhichOneof("expr_type") != "unresolved_function" or f.function_name != "when":
            raise ValueError("otherwise() can only follow F.when(...)")
        if len(f.arguments) % 2 == 1:
            raise ValueError("otherwise() was already given")
        return Column(E(unresolved_function=E.UnresolvedFunction(
            function_name="when", arguments=list(f.arguments) + [_expr(value)])))

    def __repr__(self):
        return f"Column<{self._expr.WhichOneof('expr_type')}>"
