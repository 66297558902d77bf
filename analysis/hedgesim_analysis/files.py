"""Output files that appear whole or not at all, and never over an existing one without force."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


class OutputExistsError(FileExistsError):
    """An output is already there and ``force`` was not given."""


def umask() -> int:
    """The process's file mode creation mask, left unchanged."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_whole(path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Write ``path`` through ``write(temporary)``, a new file beside it, then move it into place.

    A failure leaves no file behind and an older ``path`` as it was. Without ``force`` an existing
    ``path`` is an :class:`OutputExistsError`, also one another process wrote while ``write`` ran
    (the move is a hard link, which never replaces).
    """
    out = Path(path)
    if (out.exists() or out.is_symlink()) and not force:
        raise OutputExistsError(f"{out}: exists; use --force to overwrite")
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{out.name}.tmp-", suffix=out.suffix, dir=out.parent)
    os.close(descriptor)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes it private; an output has the usual mode
        write(tmp)
        if force:
            os.replace(tmp, out)
        else:
            try:
                os.link(tmp, out)
            except FileExistsError:
                raise OutputExistsError(f"{out}: exists, written while this ran; use --force to overwrite") from None
            tmp.unlink()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
