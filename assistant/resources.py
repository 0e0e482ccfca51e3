"""Where the shipped templates and prompts are: inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    # A wheel carries the top-level folder inside the package as _<name> (see pyproject.toml, force-include);
    # a checkout or an editable install reads it from the repository root.
    for candidate in (_PACKAGE_DIR / f"_{name}", _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到随程序发布的 {name} 目录（安装不完整）：{_PACKAGE_DIR}")


@cache
def templates_dir() -> Path:
    return _resource_dir("templates")


@cache
def prompts_dir() -> Path:
    return _resource_dir("prompts")
