"""The built hedgesim binary, as the validation tests call it (HEDGESIM_BIN overrides)."""

import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def hedgesim(*args):
    binary = os.environ.get("HEDGESIM_BIN", str(ROOT / "build/hedgesim"))
    subprocess.run([binary, *map(str, args)], check=True, capture_output=True)
