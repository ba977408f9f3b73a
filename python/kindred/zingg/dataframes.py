"""Entity resolution on DataFrames of a kindred.connect session, with no files in between.

    from kindred.zingg import Arguments, EntityResolver, simulated_labeller
    er = EntityResolver(args, spark)             # args: field definitions (+ zinggDir/modelId)
    people = spark.read.csv(...).filter("state = 'nsw'")
    labelled = None
    for _ in range(3):                           # active learning: find, label, repeat
        pairs = er.findTrainingPairs(people, labelled)
        labelled = er.labelPairs(pairs, simulated_labeller("id"), labelled)
    er.train(people, labelled, sessionModel="people")
    er.match(people, sessionModel="people").show()

Each call sends one kindred.er message (proto/kindred/er/er.proto) packed in
google.protobuf.Any: relations (match, link, training pairs, stored pairs) come back as lazy
DataFrames that can be filtered, joined or written like any other; train is a command. A model is
either trained in the session (sessionModel="name": kept by the server until the session ends) or
the model folder <zinggDir>/<modelId> (sessionModel=None), as `kindred train` writes it.
"""

PAIR_META = ["z_cluster", "z_zid", "z_prediction", "z_score", "z_isMatch"]
_META_TYPES = {"z_cluster": "string", "z_zid": "bigint", "z_prediction": "double",
               "z_score": "double", "z_isMatch": "int"}


class EntityResolver:
    """Finds training pairs, trains, matches and links DataFrames of one session.

    args: a kindred.zingg Arguments with the field definitions (its data pipes are not read);
    spark: the kindred.connect SparkSession the DataFrames belong to (default: the first
    DataFrame's). Not thread-safe: use one per thread.
    """

    def __init__(self, args, spark=None):
        from .client import Arguments
        if not isinstance(args, Arguments):
            raise TypeError(f"EntityResolver: args must be Arguments, got {args!r}")
        self.args = args
        self._spark = spark

    # ---- relations ----
    def findTrainingPairs(self, df, labelled=None, numPairs=20, seed=7):
        """The next pairs of df's records to label, as a DataFrame in the training-pair layout:
        z_cluster (pair id), z_zid, z_prediction, z_score, z_isMatch (-1), then df's columns as
        strings; two consecutive rows per pair. `labelled` (pairs labelled so far, e.g. from
        labelPairs) makes the server pick by the doubt of a model trained on them and skip them."""
        er = _er_pb2()
        msg = er.TrainingPairsRelation(input=_rel(df), args=self._args_proto(),
                                       num_pairs=int(numPairs), seed=int(seed))
        if labelled is not None:
            msg.labelled.CopyFrom(_rel(labelled))
        return self._relation(df, msg)

    def match(self, df, sessionModel=None):
        """df's rows with z_cluster, z_minScore and z_maxScore added (a lazy DataFrame)."""
        msg = _er_pb2().MatchRelation(input=_rel(df), args=self._args_proto(),
                                      session_model=sessionModel or "")
        return self._relation(df, msg)

    def link(self, left, right, sessionModel=None):
        """Records of `left` linked to those of `right` (columns matched by name): z_cluster,
        z_score, z_zsource ("left" or "right"), then the columns."""
        msg = _er_pb2().LinkRelation(left=_rel(left), right=_rel(right), args=self._args_proto(),
                                     session_model=sessionModel or "")
        return self._relation(left, msg)

    def markedPairs(self, pending=False):
        """The labelled (pending=True: waiting) pairs stored in the model folder, as a DataFrame
        in the training-pair layout."""
        msg = _er_pb2().StoredPairsRelation(args=self._args_proto(), pending=bool(pending))
        return self._relation(None, msg)

    # ---- commands ----
    def train(self, df, labelled, sessionModel=None):
        """Trains on df's records and the labelled pairs; keeps the model in the session under
        `sessionModel`, or writes it to the model folder when None. Returns a dict
        {"matches", "non_matches", "model"}. Raises kindred.connect's exception for the server's
        error (e.g. too few labels, saying how many more are needed)."""
        from ..connect._proto import commands_pb2
        msg = _er_pb2().TrainCommand(input=_rel(df), labelled=_rel(labelled),
                                     args=self._args_proto(), session_model=sessionModel or "")
        spark = self._session(df)
        responses = spark._client.execute_command(commands_pb2.Command(extension=_packed(msg)))
        from ..connect import arrow
        data = b"".join(r.arrow_batch.data for r in responses if r.HasField("arrow_batch"))
        fields, rows = arrow.read_stream(data)
        if not rows:
            return {}
        return {f.name: v for f, v in zip(fields, rows[0])}

    # ---- labelling (client side) ----
    def labelPairs(self, pairs, answer_fn, labelled=None, limit=None):
        """Asks answer_fn(left_row, right_row) about each pair of `pairs` (a DataFrame from
        findTrainingPairs, or rows of one) and returns the answered pairs as a DataFrame in the
        training-pair layout with z_isMatch 0 (no match), 1 (match) or 2 (not sure), appended to
        `labelled` when given. answer_fn may return None to skip a pair or raise StopLabelling to
        stop; `limit` stops after that many answers. Works in notebooks (no console needed)."""
        from .client import MATCH, NO_MATCH, NOT_SURE, StopLabelling
        from ..connect import Row
        rows = pairs.collect() if hasattr(pairs, "collect") else list(pairs)
        names = list(rows[0].__fields__) if rows else (pairs.columns if hasattr(pairs, "columns") else [])
        missing = [m for m in ("z_cluster", "z_isMatch") if m not in names]
        if missing:
            raise ValueError(f"labelPairs: the pairs have no column {', '.join(missing)} "
                             "(pass the result of findTrainingPairs)")
        data_names = [n for n in names if not n.startswith("z_")]
        answered = []
        for i in range(0, len(rows) - 1, 2):
            if limit is not None and len(answered) // 2 >= limit:
                break
            a, b = rows[i], rows[i + 1]
            left = Row._make(data_names, tuple(a[n] for n in data_names))
            right = Row._make(data_names, tuple(b[n] for n in data_names))
            try:
                answer = answer_fn(left, right)
            except StopLabelling:
                break
            if answer is None:
                continue
            answer = int(answer)
            if answer not in (NO_MATCH, MATCH, NOT_SURE):
                raise ValueError(f"labelPairs: answer for pair {a['z_cluster']} must be 0, 1 or 2, "
                                 f"got {answer}")
            for r in (a, b):
                d = r.asDict()
                d["z_isMatch"] = answer
                answered.append(tuple(d.get(n) for n in names))
        ddl = ", ".join(f"`{n}` {_META_TYPES.get(n, 'string')}" for n in names)
        new = self._session(pairs).createDataFrame(answered, ddl)
        return new if labelled is None else labelled.unionByName(new)

    # ---- helpers ----
    def _args_proto(self):
        from .client import _zpb
        return self.args._to_proto(_zpb())

    def _session(self, df):
        if self._spark is not None:
            return self._spark
        if df is not None and hasattr(df, "_session"):
            return df._session
        raise ValueError("EntityResolver: no session; pass spark= or a DataFrame")

    def _relation(self, df, msg):
        from ..connect.dataframe import DataFrame, R
        return DataFrame(self._session(df), R.Relation(extension=_packed(msg)))


def _rel(df):
    if not hasattr(df, "_rel"):
        raise TypeError(f"expected a kindred.connect DataFrame, got {type(df).__name__}")
    return df._rel


def _packed(msg):
    from google.protobuf import any_pb2
    a = any_pb2.Any()
    a.Pack(msg)
    return a


def _er_pb2():
    from .client import _er_pb2 as load
    return load()
