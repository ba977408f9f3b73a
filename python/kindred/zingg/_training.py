"""The model's training-pair files, read and written by the client when it shares the server's
file system (the Spark Connect protocol has no call that stores labels).

Layout (as the server writes it): CSV with a header z_cluster, z_isMatch, z_score, z_zid, then the
data columns; two consecutive rows form one pair; z_isMatch is -1 while the pair is pending,
then 0 (no match), 1 (match) or 2 (not sure). Files are replaced atomically.
"""
import csv
import os
import socket

_META = ["z_cluster", "z_isMatch", "z_score", "z_zid"]
_LOCAL_HOSTS = {"localhost", "ip6-localhost", "::1", "0.0.0.0"}


class ZinggLocalFileError(RuntimeError):
    """The training files are on the server's machine and this client cannot reach them."""


def require_local(host, model_dir):
    """Raises ZinggLocalFileError unless `host` is this machine (or $KINDRED_ZINGG_SHARED_FS=1
    says the server's paths are valid here too)."""
    if os.environ.get("KINDRED_ZINGG_SHARED_FS") == "1":
        return
    h = (host or "").strip("[]").lower()
    local = h in _LOCAL_HOSTS or h.startswith("127.")
    if not local:
        try:
            local = h in {socket.gethostname().lower(), socket.getfqdn().lower()}
        except OSError:
            local = False
    if not local:
        raise ZinggLocalFileError(
            f"the training data of {model_dir} is on the server {host}, not on this machine; "
            "labels and marked records are read and written as files (Spark Connect has no call "
            "for them). Run the client on the server's machine, or set KINDRED_ZINGG_SHARED_FS=1 "
            "when both see the same file system at the same paths.")


def read_pairs(path):
    """(column names, rows as lists of strings) of a pairs file; ([], []) when it is missing."""
    if not os.path.exists(path):
        return [], []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        try:
            names = [n.strip() for n in next(reader)]
        except StopIteration:
            return [], []
        rows = [r for r in reader if r]
    for i, r in enumerate(rows):
        if len(r) != len(names):
            raise ValueError(f"{path}, line {i + 2}: {len(r)} values but the header has "
                             f"{len(names)} columns")
    missing = [m for m in _META if m not in names]
    if missing:
        raise ValueError(f"{path}: not a training-pairs file (no column {', '.join(missing)})")
    if len(rows) % 2:
        raise ValueError(f"{path}: odd number of rows ({len(rows)}); each pair is two rows")
    return names, rows
