"""Import hygiene: the core never imports Textual; only the CLI reaches the TUI package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CORE = [
    "assistant.formats",
    "assistant.body_kind",
    "assistant.layout",
    "assistant.model",
    "assistant.figures",
    "assistant.findings",
    "assistant.checks",
    "assistant.facts",
    "assistant.drafting",
    "assistant.drafting.templates",
    "assistant.render",
    "assistant.pipeline",
    "assistant.cli",
]


def test_core_modules_do_not_import_textual() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_only_the_cli_imports_the_tui_package() -> None:
    importers = []
    for path in (ROOT / "assistant").rglob("*.py"):
        if "tui" in path.relative_to(ROOT / "assistant").parts:
            continue
        text = Path(path).read_text(encoding="utf-8")
        if ".tui" in text and "import" in text and ("from .tui" in text or "assistant.tui" in text):
            importers.append(path.name)
    assert set(importers) <= {"cli.py"}
