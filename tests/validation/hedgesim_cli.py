"""The built hedgesim binary, as the validation tests call it (HEDGESIM_BIN overrides)."""

import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def binary() -> pathlib.Path:
    """HEDGESIM_BIN if set (a relative path is taken from the repository root), else build/hedgesim."""
    path = pathlib.Path(os.environ.get("HEDGESIM_BIN", "build/hedgesim"))
    return path if path.is_absolute() else ROOT / path


def hedgesim(*args):
    subprocess.run([str(binary()), *map(str, args)], check=True, capture_output=True)
