"""Python's json.load of every JSON file in a ZIP, the yardstick of `deno task bench`'s import figure.

The files are extracted first (not timed), then each is loaded with json.load (timed); prints milliseconds.
Usage: python3 json_load.py <zip> <scratch dir>
"""
import json
import os
import sys
import tempfile
import time
import zipfile

with tempfile.TemporaryDirectory(dir=sys.argv[2]) as scratch:
    with zipfile.ZipFile(sys.argv[1]) as archive:
        names = [name for name in archive.namelist() if name.endswith(".json")]
        archive.extractall(scratch, names)
    started = time.perf_counter()
    for name in names:
        with open(os.path.join(scratch, name), "rb") as file:
            json.load(file)
    print(round((time.perf_counter() - started) * 1000))
