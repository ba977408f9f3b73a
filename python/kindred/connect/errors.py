"""Exceptions raised by kindred.connect, named like PySpark's, built from the server's ErrorInfo."""
import json

from . import _proto


class SparkConnectException(Exception):
    """Base of every error the server reports. `message` is the server's text."""

    def __init__(self, message, error_class=None, sql_state=None, message_parameters=None,
                 grpc_code=None):
        super().__init__(message)
        self.message = message
        self._error_class = error_class
        self._sql_state = sql_state
        self._params = message_parameters or {}
        self.grpc_code = grpc_code

    def getErrorClass(self):
        return self._error_class

    getCondition = getErrorClass

    def getSqlState(self):
        return self._sql_state

    def getMessageParameters(self):
        return dict(self._params)

    def __str__(self):
        return self.message


class AnalysisException(SparkConnectException):
    """The query cannot be resolved (unknown column, table, function, type mismatch)."""


class ParseException(AnalysisException):
    """SQL or DDL text does not parse."""


class IllegalArgumentException(SparkConnectException):
    """A bad argument value."""


class TempTableAlreadyExistsException(AnalysisException):
    pass


# Most specific first: the server lists the Java class and its superclasses.
_BY_CLASS = [
    ("ParseException", ParseException),
    ("TempTableAlreadyExistsException", TempTableAlreadyExistsException),
    ("AnalysisException", AnalysisException),
    ("IllegalArgumentException", IllegalArgumentException),
]


def _error_info(err):
    try:
        md = err.trailing_metadata() or ()
    except Exception:  # noqa: BLE001 - some RpcErrors carry no metadata
        md = ()
    for key, value in md:
        if key == "grpc-status-details-bin":
            st = _proto.status_pb2.Status.FromString(value)
            for d in st.details:
                info = _proto.error_details_pb2.ErrorInfo()
                if d.Unpack(info):
                    return info
    return None


def convert(err):
    """Maps a grpc.RpcError to the matching SparkConnectException subclass."""
    try:
        message = err.details() or str(err)
        code = err.code()
    except Exception:  # noqa: BLE001
        message, code = str(err), None
    info = _error_info(err)
    if info is None:
        return SparkConnectException(message, grpc_code=code)
    md = dict(info.metadata)
    try:
        classes = json.loads(md.get("classes", "[]"))
    except ValueError:
        classes = []
    try:
        params = json.loads(md.get("messageParameters", "{}"))
    except ValueError:
        params = {}
    cls = SparkConnectException
    for suffix, exc in _BY_CLASS:
        if any(c.split(".")[-1] == suffix for c in classes):
            cls = exc
            break
    return cls(message, md.get("errorClass"), md.get("sqlState"), params, code)
