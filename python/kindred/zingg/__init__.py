"""Zingg's Python API (zingg.client, zingg.pipes) over Spark Connect, against `kindred serve`.

    from kindred.zingg import Arguments, FieldDefinition, MatchType, ClientOptions, Zingg, CsvPipe

See client.py for the classes and for how labelling works (training files are read and written
directly, which needs the server on this machine).
"""
from .client import (Arguments, ClientOptions, FieldDefinition, MatchType, Zingg,  # noqa: F401
                     StopLabelling, ZinggLocalFileError, console_labeller, simulated_labeller)
from .pipes import CsvPipe, Pipe  # noqa: F401

__all__ = ["Arguments", "FieldDefinition", "MatchType", "ClientOptions", "Pipe", "CsvPipe", "Zingg",
           "ZinggLocalFileError", "StopLabelling", "simulated_labeller", "console_labeller"]
