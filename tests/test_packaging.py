"""`pip install .` must work: the wheel carries the templates and prompts the package reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_templates_and_prompts(tmp_path: Path) -> None:
    # hatchling is a test dependency (pyproject.toml), so this builds offline, as pip would.
    result = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "wheel", "--directory", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("report_assistant-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file() and "__pycache__" not in template.parts:
            assert f"assistant/_templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names
    assert "assistant/_prompts/README.md" in names
    assert "assistant/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "report-assistant = assistant.__main__:run" in zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
