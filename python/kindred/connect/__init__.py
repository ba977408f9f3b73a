"""A thin Spark Connect client for Kindred (pure Python over grpcio + protobuf).

    from kindred.connect import SparkSession, functions as F, Row
    spark = SparkSession.builder.remote("sc://127.0.0.1:15002").getOrCreate()

The generated protobuf stubs come from the build (see _proto.py); run with an interpreter that
has grpcio and protobuf (on Debian: /usr/bin/python3 with python3-grpcio, python3-protobuf).
"""
from . import functions  # noqa: F401
from .column import Column  # noqa: F401
from .dataframe import DataFrame, DataFrameWriter, GroupedData  # noqa: F401
from .errors import (AnalysisException, IllegalArgumentException, ParseException,  # noqa: F401
                     SparkConnectException)
from .session import DataFrameReader, SparkSession  # noqa: F401
from .storagelevel import StorageLevel  # noqa: F401
from .types import Row  # noqa: F401

__all__ = ["SparkSession", "DataFrame", "Column", "Row", "functions", "GroupedData",
           "DataFrameReader", "DataFrameWriter", "AnalysisException", "ParseException",
           "IllegalArgumentException", "SparkConnectException", "StorageLevel"]
