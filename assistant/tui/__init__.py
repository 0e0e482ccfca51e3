"""The clerk's terminal UI (Textual). Only the CLI imports this package; the core never imports Textual."""

from __future__ import annotations

import sys


def run_tui(path: str | None) -> int:
    """Run the interactive session: open ``path`` (a figures file; created if it does not exist yet), or the
    last draft, or offer to start one. Returns the exit code: 0, or 2 when ``path`` cannot be read."""
    from pathlib import Path

    from ..figures import InputError
    from .app import ReportApp
    from .session import DraftSession

    session = None
    if path is not None and Path(path).exists():
        try:
            session = DraftSession.open(Path(path))
        except InputError as error:
            print(error.render(), file=sys.stderr)
            return 2
    app = ReportApp(Path(path) if path is not None else None, session=session)
    result = app.run()
    return result if isinstance(result, int) else 0
