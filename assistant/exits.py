"""What every command shares: its exit codes, and the refusal to overwrite a figures file.

0 done; 1 the checks found errors (no final report); 2 bad usage, input that cannot be read, or a model
configuration that cannot be used; 130 interrupted by Ctrl-C (as a shell reports a command ended by SIGINT).
Messages are Chinese and go to the stream the command was given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

EXIT_OK, EXIT_CHECKS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130


def refuse_existing(output: str | os.PathLike[str] | None, stream: TextIO) -> bool:
    """True (and says why) when ``output`` exists: a new figures file never replaces one a clerk filled in."""
    if output and Path(output).exists():
        print(f"错误：{output} 已存在，为免覆盖已填写的数据，请换一个文件名。", file=stream)
        return True
    return False
