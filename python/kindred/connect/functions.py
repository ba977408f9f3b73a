"""Column functions, as pyspark.sql.functions names them."""
from .column import Column, E, _col_or_name, _fn, _literal


def col(name):
    """The column `name` (an unresolved attribute; "*" is every column)."""
    return _col_or_name(name)


column = col


def lit(value):
    """A literal; a Column is returned unchanged."""
    return value if isinstance(value, Column) else Column(_literal(value))


def expr(text):
    """A SQL expression string, parsed by the server."""
    return Column(E(expression_string=E.ExpressionString(expression=text)))


def _c(c):
    return _col_or_name(c)


def count(c):
    c = _c(c)
    if c._expr.WhichOneof("expr_type") == "unresolved_star":
        c = lit(1)
    return _fn("count", c)


def sum(c): return _fn("sum", _c(c))  # noqa: A001
def avg(c): return _fn("avg", _c(c))
mean = avg
def min(c): return _fn("min", _c(c))  # noqa: A001
def max(c): return _fn("max", _c(c))  # noqa: A001
def first(c): return _fn("first", _c(c))
def last(c): return _fn("last", _c(c))
def lower(c): return _fn("lower", _c(c))
def upper(c): return _fn("upper", _c(c))
def length(c): return _fn("length", _c(c))
def trim(c): return _fn("trim", _c(c))
def abs(c): return _fn("abs", _c(c))  # noqa: A001


def countDistinct(c, *cols):
    return _fn("count", _c(c), *[_c(x) for x in cols], distinct=True)


count_distinct = countDistinct


def sumDistinct(c):
    return _fn("sum", _c(c), distinct=True)


def concat(*cols):
    return _fn("concat", *[_c(x) for x in cols])


def concat_ws(sep, *cols):
    return _fn("concat_ws", lit(sep), *[_c(x) for x in cols])


def coalesce(*cols):
    return _fn("coalesce", *[_c(x) for x in cols])


def when(condition, value):
    """CASE WHEN condition THEN value; chain .when(...) and .otherwise(...)."""
    return _fn("when", condition, value)


def asc(c): return _c(c).asc()
def desc(c): return _c(c).desc()
def isnull(c): return _c(c).isNull()
def round(c, scale=0): return _fn("round", _c(c), scale)  # noqa: A001
def substring(c, pos, n): return _fn("substring", _c(c), pos, n)
