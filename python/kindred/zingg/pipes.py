"""Zingg pipes: where a phase reads its data and writes its output (mirrors zingg.pipes).

A pipe is a name, a format ("csv", "json", "parquet", ...), properties (for files at least
"location" or "path") and an optional DDL schema ("id string, fname string"). Pipes are plain
Python objects; Arguments turns them into the wire message when a phase runs.
"""


class Pipe:
    """A named data source or sink of a given format.

        p = Pipe("customers", "csv")
        p.addProperty("location", "/data/customers.csv")
        p.setSchema("id string, name string")
    """

    def __init__(self, name, format):  # noqa: A002 - Zingg's parameter name
        if not name:
            raise ValueError("a pipe needs a name")
        if not format:
            raise ValueError(f"pipe {name!r} needs a format (csv, json, parquet, ...)")
        self.name = str(name)
        self.format = str(format)
        self.props = {}
        self.schema = None
        self.mode = None

    def addProperty(self, name, value):
        """Sets property `name` (booleans become "true"/"false"); returns self."""
        if isinstance(value, bool):
            value = "true" if value else "false"
        self.props[str(name)] = str(value)
        return self

    def setSchema(self, schema):
        """Sets the DDL schema the data is read with ("a string, b integer"); returns self."""
        self.schema = schema
        return self

    def setMode(self, mode):
        """Sets the save mode of an output pipe (overwrite, append, ...); returns self."""
        self.mode = mode
        return self

    def getPipe(self):
        return self

    def location(self):
        """The "location" (or "path") property, or None."""
        return self.props.get("location") or self.props.get("path")

    def toDict(self):
        """The pipe as in a Zingg JSON configuration."""
        d = {"name": self.name, "format": self.format, "props": dict(self.props)}
        if self.schema:
            d["schema"] = self.schema
        if self.mode:
            d["mode"] = self.mode
        return d

    def _to_proto(self, zpb):
        p = zpb.Pipe(name=self.name, format=self.format, schema=self.schema or "",
                     mode=self.mode or "")
        for k, v in self.props.items():
            # Zingg's Python pipes say "location", its JSON and Spark say "path"; the server
            # reads "path", so "location" travels under that name.
            if k == "location":
                if "path" in self.props:
                    continue
                k = "path"
            p.props[k] = v
        # Zingg reads and writes CSV through Spark, whose "header" defaults to false; the server
        # assumes a header when none is said, so the Spark default is made explicit.
        if self.format.lower() == "csv" and "header" not in self.props:
            p.props["header"] = "false"
        return p

    def __repr__(self):
        return f"Pipe({self.toDict()!r})"

    toString = __repr__


class CsvPipe(Pipe):
    """A CSV file (or folder of CSV files): CsvPipe(name, location=None, schema=None)."""

    def __init__(self, name, location=None, schema=None):
        super().__init__(name, "csv")
        if location is not None:
            self.setLocation(location)
        if schema is not None:
            self.setSchema(schema)

    def setLocation(self, location):
        self.addProperty("location", location)
        return self

    def setDelimiter(self, delimiter):
        self.addProperty("delimiter", delimiter)
        return self

    def setHeader(self, header):
        """header: True/False or "true"/"false" — whether the first line names the columns."""
        if isinstance(header, str):
            header = header.strip().lower() == "true"
        self.addProperty("header", bool(header))
        return self
