"""Where the terminal UI keeps things: drafts and the pointer to the last one (user data directory, from
platformdirs); the config file is the tool's own (:mod:`assistant.settings`)."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs

from ..atomic import write_text_atomic

APP_NAME = "report-assistant"
_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def default_data_dir() -> Path:
    """Drafts live here: ~/.local/share/report-assistant, %LOCALAPPDATA%\\report-assistant (appauthor=False,
    as for the config file: no doubled report-assistant\\report-assistant on Windows)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    """The tool's one config file (model settings and, under [tui.keymap], the keys)."""
    from ..settings import default_config_file

    return default_config_file()


class DraftStore:
    """The drafts folder and the record of which draft was open last."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def drafts_dir(self) -> Path:
        return self.root / "drafts"

    @property
    def pointer(self) -> Path:
        return self.root / "last_draft.txt"

    def last_draft(self) -> Path | None:
        """The draft that was open last, if it still exists."""
        try:
            text = self.pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = Path(text) if text else None
        return path if path is not None and path.is_file() else None

    def remember(self, path: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.pointer, str(path.resolve()) + "\n")

    def new_draft_path(self, year: int, agency: str) -> Path:
        """A fresh file name in the drafts folder: 2025年-某县审计局.json, -2, -3 … when taken."""
        name = _UNSAFE_IN_NAMES.sub("_", agency).strip(" ._")[:60] or "未命名"
        stem = f"{year}年-{name}"
        candidate = self.drafts_dir / f"{stem}.json"
        n = 2
        while candidate.exists():
            candidate = self.drafts_dir / f"{stem}-{n}.json"
            n += 1
        return candidate
