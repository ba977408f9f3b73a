"""Zingg's Python API (zingg.client) over Spark Connect, against a Kindred server.

    from kindred.zingg import *
    args = Arguments()
    args.setFieldDefinition([FieldDefinition("id", "string", MatchType.DONT_USE),
                             FieldDefinition("fname", "string", MatchType.FUZZY)])
    args.setModelId("100"); args.setZinggDir("/tmp/models")
    args.setData(CsvPipe("test", "/data/test.csv", "id string, fname string"))
    args.setOutput(CsvPipe("out", "/tmp/out.csv").setHeader(True))
    Zingg(args, ClientOptions([ClientOptions.PHASE, "match"])).initAndExecute()

Every phase is one ZinggCommand (package zingg.spark.connect) packed in google.protobuf.Any and
sent in spark.connect Command.extension; the pairs waiting for a label come back through
Relation.extension. All paths in the arguments are paths on the server's machine.

Labelling: label() and writeLabelledOutput() send the answers as one kindred.er.LabelPairs
command, which the server stores in <zinggDir>/<modelId>/trainingData/marked.csv;
getMarkedRecords() reads them back with kindred.er.StoredPairsRelation. Nothing is read or written
on the client's machine, so the server may be remote.
"""
import json
import os

from .pipes import Pipe

__all__ = ["Arguments", "FieldDefinition", "MatchType", "ClientOptions", "Zingg",
           "StopLabelling", "simulated_labeller", "console_labeller"]

DEFAULT_REMOTE = "sc://localhost:15002"
TYPE_URL = "type.googleapis.com/zingg.spark.connect.ZinggCommand"

# Answers of a labeller, as Zingg stores them in z_isMatch.
NO_MATCH, MATCH, NOT_SURE = 0, 1, 2


class StopLabelling(Exception):
    """Raised by an answer_fn to end Zingg.label early; the answers given so far are kept."""


def _zpb():
    """The generated zingg.spark.connect stubs (imported on first use: they need protobuf)."""
    from ..connect import _proto  # noqa: F401 - puts the generated stubs on sys.path
    try:
        from zingg.spark.connect import zingg_pb2
    except ImportError as e:
        raise ImportError(
            "kindred.zingg: generated stubs zingg/spark/connect/zingg_pb2.py not found next to the "
            f"Spark Connect stubs ({e}); build the project or set KINDRED_PROTO_PATH") from e
    return zingg_pb2


_ER_PB2 = None


def _er_pb2():
    """The generated kindred.er stubs. Their package name, kindred.er, is shadowed by this Python
    package (kindred), so the module is loaded from its file next to the other stubs."""
    global _ER_PB2
    if _ER_PB2 is None:
        import importlib.util
        import sys
        _zpb()  # the stubs' folder on sys.path, and zingg_pb2 registered first
        for d in sys.path:
            path = os.path.join(d, "kindred", "er", "er_pb2.py")
            if os.path.isfile(path):
                spec = importlib.util.spec_from_file_location("kindred_generated_er_pb2", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                _ER_PB2 = module
                break
        else:
            raise ImportError("kindred.zingg: generated stubs kindred/er/er_pb2.py not found next to "
                              "the Spark Connect stubs; build the project or set KINDRED_PROTO_PATH")
    return _ER_PB2


class MatchType:
    """How a field is compared. Values are the names the server accepts."""
    FUZZY = "FUZZY"
    EXACT = "EXACT"
    DONT_USE = "DONT_USE"
    EMAIL = "EMAIL"
    PINCODE = "PINCODE"
    NULL_OR_BLANK = "NULL_OR_BLANK"
    TEXT = "TEXT"
    NUMERIC = "NUMERIC"
    NUMERIC_WITH_UNITS = "NUMERIC_WITH_UNITS"
    ONLY_ALPHABETS_EXACT = "ONLY_ALPHABETS_EXACT"
    ONLY_ALPHABETS_FUZZY = "ONLY_ALPHABETS_FUZZY"

    ALL = (FUZZY, EXACT, DONT_USE, EMAIL, PINCODE, NULL_OR_BLANK, TEXT, NUMERIC,
           NUMERIC_WITH_UNITS, ONLY_ALPHABETS_EXACT, ONLY_ALPHABETS_FUZZY)


def _match_type_name(m):
    name = getattr(m, "name", m)  # accepts enum-like objects too
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a match type is a name such as MatchType.FUZZY, got {m!r}")
    return name.strip().upper()


class FieldDefinition:
    """A field of the data and how it is matched: FieldDefinition(name, dataType, *matchTypes)."""

    def __init__(self, name, dataType, *matchType):
        if not name:
            raise ValueError("a field definition needs a field name")
        if not matchType:
            raise ValueError(f"field {name!r}: give at least one match type (e.g. MatchType.FUZZY)")
        self.name = str(name)
        self.dataType = str(dataType).strip().strip('"') if dataType is not None else "string"
        self.matchType = [_match_type_name(m) for m in matchType]
        self.stopWords = None
        self.abbreviations = None

    def setStopWords(self, stopWords):
        """Path of a stop-word file (on the server) for this field; returns self."""
        self.stopWords = stopWords
        return self

    def setAbbreviations(self, abbreviations):
        """Path of an abbreviations file (on the server) for this field; returns self."""
        self.abbreviations = abbreviations
        return self

    def getFieldDefinition(self):
        return self

    def toDict(self):
        d = {"fieldName": self.name, "fields": self.name, "dataType": self.dataType,
             "matchType": ",".join(self.matchType)}
        if self.stopWords:
            d["stopWords"] = self.stopWords
        if self.abbreviations:
            d["abbreviations"] = self.abbreviations
        return d

    def stringify(self, s=None):
        return json.dumps(self.toDict() if s is None else s)

    def _to_proto(self, zpb):
        return zpb.FieldDefinition(
            field_name=self.name, fields=self.name, data_type=self.dataType,
            match_type=[zpb.MatchType(name=m) for m in self.matchType],
            stop_words=self.stopWords or "", abbreviations=self.abbreviations or "")

    def __repr__(self):
        return f"FieldDefinition({self.name!r}, {self.dataType!r}, {', '.join(self.matchType)})"


class Arguments:
    """The configuration of a model: fields, input and output pipes, folders, tuning knobs."""

    def __init__(self):
        self.fieldDefinition = []
        self.data = []
        self.output = []
        self.trainingSamples = []
        self.modelId = None
        self.zinggDir = "/tmp/zingg"
        self.numPartitions = None
        self.labelDataSampleSize = None
        self.threshold = None
        self.blockSize = None
        self.stopWordsCutoff = None
        self.jobId = None
        self.collectMetrics = None
        self.showConcise = None
        self.column = None

    # ---- setters (each returns self so calls can be chained) ----
    def setFieldDefinition(self, fieldDef):
        for f in fieldDef:
            if not isinstance(f, FieldDefinition):
                raise TypeError(f"setFieldDefinition takes FieldDefinition objects, got {f!r}")
        self.fieldDefinition = list(fieldDef)
        return self

    def setData(self, *pipes):
        self.data = _pipes("data", pipes)
        return self

    def setOutput(self, *pipes):
        self.output = _pipes("output", pipes)
        return self

    def setTrainingSamples(self, *pipes):
        self.trainingSamples = _pipes("trainingSamples", pipes)
        return self

    def setModelId(self, id):  # noqa: A002 - Zingg's parameter name
        self.modelId = str(id)
        return self

    def setZinggDir(self, f):
        self.zinggDir = str(f)
        return self

    def setNumPartitions(self, numPartitions):
        self.numPartitions = _positive_int("numPartitions", numPartitions)
        return self

    def setLabelDataSampleSize(self, labelDataSampleSize):
        v = float(labelDataSampleSize)
        if not 0 < v <= 1:
            raise ValueError(f"labelDataSampleSize is a fraction in (0, 1], got {v}")
        self.labelDataSampleSize = v
        return self

    def setThreshold(self, threshold):
        v = float(threshold)
        if not 0 <= v <= 1:
            raise ValueError(f"threshold is a probability in [0, 1], got {v}")
        self.threshold = v
        return self

    def setBlockSize(self, blockSize):
        self.blockSize = _positive_int("blockSize", blockSize)
        return self

    def setStopWordsCutoff(self, stopWordsCutoff):
        self.stopWordsCutoff = float(stopWordsCutoff)
        return self

    def setColumn(self, column):
        self.column = column
        return self

    def setJobId(self, jobId):
        self.jobId = int(jobId)
        return self

    def setCollectMetrics(self, collectMetrics):
        self.collectMetrics = bool(collectMetrics)
        return self

    def setShowConcise(self, showConcise):
        self.showConcise = bool(showConcise)
        return self

    # ---- getters ----
    def getModelId(self):
        return self.modelId

    def getZinggDir(self):
        return self.zinggDir

    def getArgs(self):
        return self

    def getZinggBaseModelDir(self):
        """<zinggDir>/<modelId>: the model's folder (on the server)."""
        return os.path.join(self.zinggDir, self._model_id())

    def getZinggModelDir(self):
        return os.path.join(self.getZinggBaseModelDir(), "model")

    def getZinggBaseTrainingDataDir(self):
        return os.path.join(self.getZinggBaseModelDir(), "trainingData")

    def getZinggTrainingDataMarkedDir(self):
        """The labelled pairs file, <zinggDir>/<modelId>/trainingData/marked.csv."""
        return os.path.join(self.getZinggBaseTrainingDataDir(), "marked.csv")

    def getZinggTrainingDataUnmarkedDir(self):
        """The pending pairs file, <zinggDir>/<modelId>/trainingData/unmarked.csv."""
        return os.path.join(self.getZinggBaseTrainingDataDir(), "unmarked.csv")

    def _model_id(self):
        if not self.modelId:
            raise ValueError("Arguments: the model id is not set (setModelId)")
        return self.modelId

    # ---- serialisation ----
    def toDict(self):
        """The arguments as a Zingg JSON configuration."""
        d = {"fieldDefinition": [f.toDict() for f in self.fieldDefinition],
             "data": [p.toDict() for p in self.data],
             "output": [p.toDict() for p in self.output],
             "zinggDir": self.zinggDir, "modelId": self.modelId}
        if self.trainingSamples:
            d["trainingSamples"] = [p.toDict() for p in self.trainingSamples]
        for key in ("numPartitions", "labelDataSampleSize", "threshold", "blockSize",
                    "stopWordsCutoff", "jobId", "collectMetrics", "showConcise", "column"):
            v = getattr(self, key)
            if v is not None:
                d[key] = v
        return d

    def writeArgumentsToJSONString(self):
        return json.dumps(self.toDict(), indent=2)

    def writeArgumentsToJSON(self, fileName):
        with open(fileName, "w") as fh:
            fh.write(self.writeArgumentsToJSONString())

    @staticmethod
    def createArgumentsFromJSONString(jsonArgs, phase=None):
        """Arguments from a Zingg JSON configuration (the text); `phase` is accepted for Zingg's
        signature and unused. Raises ValueError naming the bad key."""
        try:
            d = json.loads(jsonArgs)
        except json.JSONDecodeError as e:
            raise ValueError(f"Zingg configuration: invalid JSON ({e})") from e
        return Arguments.fromDict(d)

    @staticmethod
    def createArgumentsFromJSON(fileName, phase=None):
        """Arguments from a Zingg JSON configuration file; see createArgumentsFromJSONString."""
        with open(fileName) as fh:
            try:
                return Arguments.createArgumentsFromJSONString(fh.read(), phase)
            except ValueError as e:
                raise ValueError(f"{fileName}: {e}") from e

    @staticmethod
    def fromDict(d):
        """Arguments from a Zingg configuration as a dict (the inverse of toDict)."""
        if not isinstance(d, dict):
            raise ValueError("Zingg configuration: expected a JSON object")
        a = Arguments()
        fields = []
        for i, f in enumerate(d.get("fieldDefinition") or []):
            mt = f.get("matchType")
            if isinstance(mt, str):
                mt = [m for m in mt.split(",") if m.strip()]
            if not f.get("fieldName") or not mt:
                raise ValueError(f"fieldDefinition[{i}]: needs fieldName and matchType")
            fd = FieldDefinition(f["fieldName"], f.get("dataType", "string"), *mt)
            fd.stopWords = f.get("stopWords") or None
            fd.abbreviations = f.get("abbreviations") or None
            fields.append(fd)
        a.setFieldDefinition(fields)
        for key, setter in (("data", a.setData), ("output", a.setOutput),
                            ("trainingSamples", a.setTrainingSamples)):
            pipes = []
            for i, p in enumerate(d.get(key) or []):
                if not p.get("name") or not p.get("format"):
                    raise ValueError(f"{key}[{i}]: a pipe needs name and format")
                pipe = Pipe(p["name"], p["format"])
                for k, v in (p.get("props") or {}).items():
                    pipe.addProperty(k, v)
                if p.get("schema"):
                    pipe.setSchema(p["schema"])
                if p.get("mode"):
                    pipe.setMode(p["mode"])
                pipes.append(pipe)
            setter(*pipes)
        if d.get("zinggDir") is not None:
            a.setZinggDir(d["zinggDir"])
        if d.get("modelId") is not None:
            a.setModelId(d["modelId"])
        for key in ("numPartitions", "labelDataSampleSize", "threshold", "blockSize",
                    "stopWordsCutoff", "jobId", "collectMetrics", "showConcise", "column"):
            if d.get(key) is not None:
                getattr(a, "set" + key[0].upper() + key[1:])(d[key])
        return a

    def _to_proto(self, zpb):
        a = zpb.Arguments(zingg_dir=self.zinggDir or "", model_id=self.modelId or "")
        a.field_definition.extend(f._to_proto(zpb) for f in self.fieldDefinition)
        a.data.extend(p._to_proto(zpb) for p in self.data)
        a.output.extend(p._to_proto(zpb) for p in self.output)
        a.training_samples.extend(p._to_proto(zpb) for p in self.trainingSamples)
        if self.numPartitions is not None:
            a.num_partitions = self.numPartitions
        if self.labelDataSampleSize is not None:
            a.label_data_sample_size = self.labelDataSampleSize
        if self.threshold is not None:
            a.threshold = self.threshold
        if self.blockSize is not None:
            a.block_size = self.blockSize
        if self.stopWordsCutoff is not None:
            a.stop_words_cutoff = self.stopWordsCutoff
        if self.jobId is not None:
            a.job_id = self.jobId
        if self.collectMetrics is not None:
            a.collect_metrics = self.collectMetrics
        if self.showConcise is not None:
            a.show_concise = self.showConcise
        if self.column:
            a.column = self.column
        return a


def _pipes(what, pipes):
    if len(pipes) == 1 and isinstance(pipes[0], (list, tuple)):
        pipes = tuple(pipes[0])
    for p in pipes:
        if not isinstance(p, Pipe):
            raise TypeError(f"{what}: expected Pipe objects, got {p!r}")
    return list(pipes)


def _positive_int(name, v):
    n = int(v)
    if n <= 0:
        raise ValueError(f"{name} must be positive, got {v!r}")
    return n


class ClientOptions:
    """Command-line style options: ClientOptions([ClientOptions.PHASE, "match", ...]).

    The phase is required before a Zingg runs. Options that the wire message carries (license,
    email, jobId, format, location, column) are sent; the rest are kept for getOptionValue.
    """
    PHASE = "--phase"
    LICENSE = "--license"
    EMAIL = "--email"
    CONF = "--conf"
    PREPROCESS = "--preprocess"
    JOBID = "--jobId"
    FORMAT = "--format"
    ZINGG_DIR = "--zinggDir"
    MODEL_ID = "--modelId"
    COLUMN = "--column"
    REMOTE = "--remote"
    LOCATION = "--location"

    _WIRE = {LICENSE: "license", EMAIL: "email", JOBID: "job_id", FORMAT: "format",
             LOCATION: "location", COLUMN: "column"}

    def __init__(self, argsSent=None):
        self._values = {}
        args = list(argsSent or [])
        i = 0
        while i < len(args):
            key = str(args[i])
            if not key.startswith("--"):
                key = "--" + key  # "phase" and "--phase" mean the same
            if i + 1 >= len(args):
                raise ValueError(f"ClientOptions: option {key} has no value")
            self._values[key] = str(args[i + 1])
            i += 2
        self._values.setdefault(self.EMAIL, "zingg@zingg.ai")
        self._values.setdefault(self.LICENSE, "zinggLicense.txt")

    def getClientOptions(self):
        out = []
        for k, v in self._values.items():
            out += [k, v]
        return out

    def getOptionValue(self, option):
        return self._values.get(option)

    def setOptionValue(self, option, value):
        self._values[option] = str(value)

    def getPhase(self):
        return self._values.get(self.PHASE)

    def setPhase(self, newValue):
        self._values[self.PHASE] = str(newValue)

    def getConf(self):
        return self._values.get(self.CONF)

    def hasLocation(self):
        return self.LOCATION in self._values

    def getLocation(self):
        return self._values.get(self.LOCATION)

    def _to_proto(self, zpb):
        o = zpb.ClientOptions()
        for opt, field in self._WIRE.items():
            if opt in self._values:
                setattr(o, field, self._values[opt])
        return o

    def __repr__(self):
        return f"ClientOptions({self.getClientOptions()!r})"


class Zingg:
    """Runs Zingg phases on a Spark Connect server.

    spark: a kindred.connect SparkSession; by default one is made for $KINDRED_REMOTE or
    sc://localhost:15002. Not thread-safe: use one Zingg per thread.
    """

    def __init__(self, args, options, spark=None):
        if not isinstance(args, Arguments):
            raise TypeError(f"Zingg: args must be Arguments, got {args!r}")
        if not isinstance(options, ClientOptions):
            raise TypeError(f"Zingg: options must be ClientOptions, got {options!r}")
        self.args = args
        self.options = options
        self._spark = spark

    # ---- session ----
    @property
    def spark(self):
        if self._spark is None:
            from ..connect import SparkSession
            url = (self.options.getOptionValue(ClientOptions.REMOTE)
                   or os.environ.get("KINDRED_REMOTE") or DEFAULT_REMOTE)
            self._spark = SparkSession.builder.remote(url).getOrCreate()
        return self._spark

    def _client(self):
        return self.spark._client

    def _command(self, phase=None):
        zpb = _zpb()
        phase = phase or self.options.getPhase()
        if not phase:
            raise ValueError("Zingg: no phase; pass ClientOptions([ClientOptions.PHASE, \"match\"])")
        return zpb.ZinggCommand(phase=phase, args=self.args._to_proto(zpb),
                                options=self.options._to_proto(zpb))

    @staticmethod
    def _packed(cmd):
        from google.protobuf import any_pb2
        a = any_pb2.Any()
        a.Pack(cmd)
        return a

    # ---- phases ----
    def init(self):
        """Checks that the phase is set and the server is reachable (opens the session)."""
        self._command()
        self.spark  # noqa: B018 - opens the channel
        return self

    def execute(self):
        """Runs the options' phase on the server; raises a kindred.connect exception on failure."""
        from ..connect._proto import commands_pb2
        cmd = self._command()
        self._client().execute_command(commands_pb2.Command(extension=self._packed(cmd)))
        return self

    def initAndExecute(self):
        return self.init().execute()

    def setArguments(self, args):
        self.args = args

    def getArguments(self):
        return self.args

    def getOptions(self):
        return self.options

    def setOptions(self, options):
        self.options = options

    # ---- labelling ----
    def _unmarked(self):
        """(column names, rows as tuples) of the pending pairs, two consecutive rows per pair.
        The server runs findTrainingData first when nothing is pending."""
        from ..connect._proto import relations_pb2
        cmd = self._command("label")  # Zingg's label path: the phase names what is asked
        fields, rows = self._client().execute_relation(
            relations_pb2.Relation(extension=self._packed(cmd)))
        return [f.name for f in fields], rows

    def getUnmarkedRecords(self, pandas=False):
        """The pairs waiting for a label: two rows per pair sharing z_cluster, with z_zid,
        z_prediction, z_score, z_isMatch (-1), the data columns and z_zsource.

        Returns a list of kindred.connect Row; with pandas=True a pandas DataFrame (raises
        ImportError when pandas is missing). The server finds new pairs when none are pending.
        """
        names, rows = self._unmarked()
        if pandas:
            import pandas as pd
            return pd.DataFrame.from_records([tuple(r) for r in rows], columns=names)
        from ..connect import Row
        return [Row._make(names, tuple(r)) for r in rows]

    def getMarkedRecords(self, pandas=False):
        """The labelled pairs of the model: two rows per pair sharing z_cluster, with z_zid,
        z_prediction, z_score, z_isMatch (0 no match, 1 match, 2 not sure) and the data columns
        (as strings), fetched from the server with kindred.er.StoredPairsRelation.

        Returns a list of kindred.connect Row (empty when nothing is labelled yet); with
        pandas=True a pandas DataFrame (raises ImportError when pandas is missing).
        """
        from ..connect._proto import relations_pb2
        msg = _er_pb2().StoredPairsRelation(args=self.args._to_proto(_zpb()))
        fields, rows = self._client().execute_relation(
            relations_pb2.Relation(extension=self._packed(msg)))
        names = [f.name for f in fields]
        if pandas:
            import pandas as pd
            return pd.DataFrame.from_records([tuple(r) for r in rows], columns=names)
        from ..connect import Row
        return [Row._make(names, tuple(r)) for r in rows]

    def label(self, answer_fn, limit=None):
        """Labels the pending pairs: calls answer_fn(left_row, right_row) for each pair (rows
        are kindred.connect Row objects with the data columns) and records its answer, 0 (no
        match), 1 (match) or 2 (not sure); None skips the pair (it stays pending); raising
        StopLabelling ends the loop.

        Answers go to the server in one kindred.er.LabelPairs command, which moves the pairs from
        the model's trainingData/unmarked.csv to marked.csv, so this works against a remote server
        too. Answers are saved after the loop (or when answer_fn raises, the answers given so far). `limit` stops after that
        many answered pairs. Returns a dict with counts: {"match", "no_match", "not_sure",
        "skipped"}.
        """
        pairs = self._pending_pairs()
        answers = {}
        counts = {"match": 0, "no_match": 0, "not_sure": 0, "skipped": 0}
        try:
            for cluster, left, right in pairs:
                if limit is not None and len(answers) >= limit:
                    break
                try:
                    a = answer_fn(left, right)
                except StopLabelling:
                    break
                if a is None:
                    counts["skipped"] += 1
                    continue
                a = int(a)
                if a not in (NO_MATCH, MATCH, NOT_SURE):
                    raise ValueError(f"label: answer for pair {cluster} must be 0, 1 or 2, got {a}")
                answers[cluster] = a
                counts[{MATCH: "match", NO_MATCH: "no_match", NOT_SURE: "not_sure"}[a]] += 1
        finally:
            if answers:
                self._store_labels(answers)
        return counts

    def writeLabelledOutput(self, updatedRecords, args=None):
        """Stores labels given as rows (dicts, Rows or a pandas DataFrame) with z_cluster and
        z_isMatch: each pair's label moves it from unmarked.csv to marked.csv on the server (see
        label). Returns the number of pairs stored."""
        if args is not None:
            self.args = args
        answers = {}
        for r in _records(updatedRecords):
            m = r.get("z_isMatch")
            if m is None or str(m).strip() in ("", "-1"):
                continue
            answers[str(r["z_cluster"])] = int(float(m))
        if answers:
            self._store_labels(answers)
        return len(answers)

    writeLabelledOutputFromPandas = writeLabelledOutput

    @staticmethod
    def getMarkedRecordsStat(markedRecords, value):
        """How many pairs of `markedRecords` carry label `value` (rows per pair are counted once)."""
        seen = set()
        for r in _records(markedRecords):
            if int(float(r["z_isMatch"])) == value:
                seen.add(str(r["z_cluster"]))
        return len(seen)

    @classmethod
    def getMatchedMarkedRecordsStat(cls, markedRecords):
        return cls.getMarkedRecordsStat(markedRecords, MATCH)

    @classmethod
    def getUnmatchedMarkedRecordsStat(cls, markedRecords):
        return cls.getMarkedRecordsStat(markedRecords, NO_MATCH)

    @classmethod
    def getUnsureMarkedRecordsStat(cls, markedRecords):
        return cls.getMarkedRecordsStat(markedRecords, NOT_SURE)

    # ---- helpers ----
    def _pending_pairs(self):
        """[(z_cluster, left Row, right Row)] with only the data columns in the rows."""
        from ..connect import Row
        names, rows = self._unmarked()
        meta = {"z_cluster", "z_zid", "z_prediction", "z_score", "z_isMatch", "z_zsource"}
        keep = [i for i, n in enumerate(names) if n not in meta]
        data_names = [names[i] for i in keep]
        ci = names.index("z_cluster")
        out = []
        for i in range(0, len(rows) - 1, 2):
            a, b = rows[i], rows[i + 1]
            out.append((str(a[ci]), Row._make(data_names, tuple(a[j] for j in keep)),
                        Row._make(data_names, tuple(b[j] for j in keep))))
        return out

    def _store_labels(self, answers):
        """Sends the answers to the server as a kindred.er.LabelPairs command, which moves the
        pairs from unmarked.csv to marked.csv in the model folder (atomically, all or nothing)."""
        from ..connect._proto import commands_pb2
        er_pb2 = _er_pb2()
        zpb = _zpb()
        msg = er_pb2.LabelPairs(args=self.args._to_proto(zpb))
        for cluster, answer in answers.items():
            msg.labels.add(z_cluster=str(cluster), z_is_match=int(answer))
        self._client().execute_command(commands_pb2.Command(extension=self._packed(msg)))


def _records(records):
    """Rows of a pandas DataFrame, a list of dicts or a list of named Rows, as dicts."""
    if hasattr(records, "to_dict") and hasattr(records, "columns"):
        return records.to_dict("records")
    out = []
    for r in records:
        if isinstance(r, dict):
            out.append(r)
        elif hasattr(r, "asDict"):
            out.append(r.asDict())
        else:
            raise TypeError(f"expected dicts, Rows or a pandas DataFrame, got {r!r}")
    return out


def simulated_labeller(truth_column, entity=None):
    """An answer_fn for Zingg.label that answers from a column holding the true entity: 1 when
    the two records' entities are equal, else 0 (2 when either value is missing).

    entity: maps a column value to its entity key (default: the trimmed value); for febrl-style
    ids "rec-12-dup-0", use entity=lambda v: "-".join(v.strip().split("-")[:2]).
    """
    key = entity or (lambda v: str(v).strip())

    def answer(left, right):
        a, b = left[truth_column], right[truth_column]
        if a is None or b is None or str(a).strip() == "" or str(b).strip() == "":
            return NOT_SURE
        return MATCH if key(a) == key(b) else NO_MATCH

    return answer


def console_labeller(ask=input, show=print):
    """An answer_fn for Zingg.label that shows each pair field by field and asks for
    0 (no match), 1 (match), 2 (not sure) or 9 (stop). `ask` and `show` default to input/print
    (a notebook can pass its own)."""

    def answer(left, right):
        names = list(left.__fields__)
        width = max((len(n) for n in names), default=0)
        show("")
        for n, a, b in zip(names, left, right):
            show(f"{n:<{width}}  {'' if a is None else a!s:<30}  {'' if b is None else b!s}")
        while True:
            reply = str(ask("0 no match, 1 match, 2 not sure, 9 stop: ")).strip()
            if reply in ("0", "1", "2"):
                return int(reply)
            if reply == "9":
                raise StopLabelling()
            show(f"unrecognised answer {reply!r}")

    return answer
