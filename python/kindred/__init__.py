"""Kindred: Python access to the Kindred engine. See kindred.connect for the Spark Connect client."""
