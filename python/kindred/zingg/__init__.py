"""Zingg's Python API (zingg.client, zingg.pipes) over Spark Connect, against `kindred serve`.

    from kindred.zingg import Arguments, FieldDefinition, MatchType, ClientOptions, Zingg, CsvPipe

See client.py for the classes and for how labelling works (labels travel in kindred.er
messages, so the server may be remote), and dataframes.py for EntityResolver: finding pairs,
training, matching and linking on DataFrames of the session, without files.
"""
from .client import (Arguments, ClientOptions, FieldDefinition, MatchType, Zingg,  # noqa: F401
                     StopLabelling, console_labeller, simulated_labeller)
from .dataframes import EntityResolver  # noqa: F401
from .pipes import CsvPipe, Pipe  # noqa: F401

__all__ = ["Arguments", "FieldDefinition", "MatchType", "ClientOptions", "Pipe", "CsvPipe", "Zingg",
           "StopLabelling", "simulated_labeller", "console_labeller",
           "EntityResolver"]
