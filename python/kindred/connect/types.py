"""Row and the schema types returned by DataFrame.schema (a subset of pyspark.sql.types)."""


class Row(tuple):
    """A result row: a tuple whose items can also be read by field name (row.x, row["x"]).

    Row(a=1, b="x") builds a row with named fields; Row("a", "b") builds a row factory.
    """

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Row takes either positional values or keyword fields, not both")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        row = tuple.__new__(cls, args)
        row.__fields__ = None
        return row

    @classmethod
    def _make(cls, fields, values):
        row = tuple.__new__(cls, values)
        row.__fields__ = list(fields)
        return row

    def __call__(self, *values):
        # Row("a", "b")(1, 2): this row holds field names.
        return Row._make(list(self), values)

    def asDict(self, recursive=False):
        if self.__fields__ is None:
            raise TypeError("asDict needs a Row with field names")
        out = {}
        for k, v in zip(self.__fields__, self):
            if recursive and isinstance(v, Row):
                v = v.asDict(True)
            out[k] = v
        return out

    def __getitem__(self, item):
        if isinstance(item, str):
            try:
                return tuple.__getitem__(self, self.__fields__.index(item))
            except (ValueError, AttributeError, TypeError):
                raise KeyError(item) from None
        return tuple.__getitem__(self, item)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        fields = self.__dict__.get("__fields__")
        if fields and name in fields:
            return tuple.__getitem__(self, fields.index(name))
        raise AttributeError(name)

    def __contains__(self, item):
        return item in (self.__fields__ or ())

    def __reduce__(self):
        return (Row._make, (self.__fields__, tuple(self)))

    def __repr__(self):
        if self.__fields__:
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"


class DataType:
    _name = "unknown"

    def simpleString(self):
        return self._name

    def typeName(self):
        return self._name

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash(self.simpleString())

    def __repr__(self):
        return type(self).__name__ + "()"


def _simple(name, cls_name):
    return type(cls_name, (DataType,), {"_name": name})


NullType = _simple("void", "NullType")
BooleanType = _simple("boolean", "BooleanType")
ByteType = _simple("tinyint", "ByteType")
ShortType = _simple("smallint", "ShortType")
IntegerType = _simple("int", "IntegerType")
LongType = _simple("bigint", "LongType")
FloatType = _simple("float", "FloatType")
DoubleType = _simple("double", "DoubleType")
StringType = _simple("string", "StringType")
BinaryType = _simple("binary", "BinaryType")
DateType = _simple("date", "DateType")
TimestampType = _simple("timestamp", "TimestampType")
TimestampNTZType = _simple("timestamp_ntz", "TimestampNTZType")


class DecimalType(DataType):
    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale

    def simpleString(self):
        return f"decimal({self.precision},{self.scale})"

    def __repr__(self):
        return f"DecimalType({self.precision}, {self.scale})"


class ArrayType(DataType):
    def __init__(self, elementType, containsNull=True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self):
        return f"array<{self.elementType.simpleString()}>"

    def __repr__(self):
        return f"ArrayType({self.elementType!r}, {self.containsNull})"


class MapType(DataType):
    def __init__(self, keyType, valueType, valueContainsNull=True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self):
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"


class StructField:
    def __init__(self, name, dataType, nullable=True):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable

    def simpleString(self):
        return f"{self.name}:{self.dataType.simpleString()}"

    def __eq__(self, other):
        return isinstance(other, StructField) and (self.name, self.dataType, self.nullable) == (
            other.name, other.dataType, other.nullable)

    def __repr__(self):
        return f"StructField({self.name!r}, {self.dataType!r}, {self.nullable})"


class StructType(DataType):
    def __init__(self, fields=None):
        self.fields = list(fields or [])

    @property
    def names(self):
        return [f.name for f in self.fields]

    def fieldNames(self):
        return self.names

    def simpleString(self):
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(key)
        return self.fields[key]

    def __repr__(self):
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"

    def treeString(self):
        lines = ["root"]

        def walk(fields, depth):
            for f in fields:
                dt = f.dataType
                shown = dt.typeName() if isinstance(dt, (StructType, ArrayType, MapType)) else dt.simpleString()
                if isinstance(dt, StructType):
                    shown = "struct"
                elif isinstance(dt, ArrayType):
                    shown = "array"
                lines.append(" |   " * depth + f" |-- {f.name}: {shown} (nullable = {str(f.nullable).lower()})")
                if isinstance(dt, StructType):
                    walk(dt.fields, depth + 1)
                elif isinstance(dt, ArrayType):
                    lines.append(" |   " * (depth + 1) + f" |-- element: {dt.elementType.simpleString()} "
                                 f"(containsNull = {str(dt.containsNull).lower()})")
        walk(self.fields, 0)
        return "\n".join(lines) + "\n"


ArrayType._name = "array"
MapType._name = "map"
StructType._name = "struct"
DecimalType._name = "decimal"


def from_proto(dt):
    """Converts a spark.connect.DataType message to a DataType."""
    kind = dt.WhichOneof("kind")
    simple = {"null": NullType, "boolean": BooleanType, "byte": ByteType, "short": ShortType,
              "integer": IntegerType, "long": LongType, "float": FloatType, "double": DoubleType,
              "string": StringType, "binary": BinaryType, "date": DateType,
              "timestamp": TimestampType, "timestamp_ntz": TimestampNTZType,
              "char": StringType, "var_char": StringType}
    if kind in simple:
        return simple[kind]()
    if kind == "decimal":
        d = dt.decimal
        return DecimalType(d.precision if d.HasField("precision") else 10,
                           d.scale if d.HasField("scale") else 0)
    if kind == "array":
        return ArrayType(from_proto(dt.array.element_type), dt.array.contains_null)
    if kind == "map":
        return MapType(from_proto(dt.map.key_type), from_proto(dt.map.value_type),
                       dt.map.value_contains_null)
    if kind == "struct":
        return StructType([StructField(f.name, from_proto(f.data_type), f.nullable)
                           for f in dt.struct.fields])
    raise ValueError(f"unsupported Spark Connect data type {kind}")
