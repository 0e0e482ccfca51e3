"""The offline path stays lean: generating a report with --offline, or validating one, imports no model client
(LangChain, OpenAI, httpx) and no terminal UI (Textual). Each command runs in a fresh interpreter, which writes
the names of every module it imported when it is done."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

SEED = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"

# Top-level packages the offline path must not import (and which are all installed in the dev environment, so
# the test would notice).
FORBIDDEN = (
    "langchain",
    "langchain_core",
    "langchain_openai",
    "openai",
    "httpx",
    "httpcore",
    "textual",
    "asyncio",
    "pydantic_settings",
    "dotenv",
)

# Runs the CLI in this interpreter, then writes sys.modules, and how many report models (one per format) were
# built, to the file named by the first argument.
WRAPPER = """
import json, sys
from assistant.cli import main
from assistant.model import report_model
code = 2
try:
    code = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump({"modules": sorted(sys.modules), "models": report_model.cache_info().currsize}, out)
sys.exit(code)
"""


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    dump = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(dump), *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    return result, json.loads(dump.read_text(encoding="utf-8"))


def _imported(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    result, dump = _run(tmp_path, *args)
    return result, set(dump["modules"])


def _forbidden(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in FORBIDDEN)


def test_the_forbidden_packages_are_installed() -> None:
    """Otherwise the tests below would pass whatever the code imports."""
    import importlib.util

    assert all(importlib.util.find_spec(name) is not None for name in ("langchain_core", "openai", "textual"))


@pytest.mark.parametrize("extension", [".docx", ".md"])
def test_offline_report_imports_no_model_client_and_no_ui(tmp_path: Path, extension: str) -> None:
    out = tmp_path / f"report{extension}"
    result, modules = _imported(tmp_path, "--from-json", str(SEED), "--offline", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0
    assert "assistant.drafting.templates" in modules  # the pipeline did run in this interpreter
    assert _forbidden(modules) == []


def test_validate_imports_no_model_client_and_no_ui(tmp_path: Path) -> None:
    result, modules = _imported(tmp_path, "validate", str(SEED))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "assistant.checks.narrative" in modules
    assert _forbidden(modules) == []


def test_a_run_builds_the_model_of_its_own_format_only(tmp_path: Path) -> None:
    """Each format's report model costs milliseconds of pydantic's schema building; a 2019-format file needs
    one. The JSON Schema, which describes both formats, builds both."""
    result, dump = _run(tmp_path, "--from-json", str(SEED), "--offline", "-o", str(tmp_path / "r.md"))
    assert result.returncode == 0, result.stderr
    assert dump["models"] == 1
    result, dump = _run(tmp_path, "schema")
    assert result.returncode == 0, result.stderr
    assert dump["models"] == 2


def test_the_pdf_reading_child_loads_pdfplumber_but_not_the_project(tmp_path: Path) -> None:
    """Each PDF is read in a child process (see SECURITY.md); importing the importer there would first build
    the report models, so the child imports assistant.pdf_text and nothing else of the project."""
    from assistant.importing import sources

    pdf = next((ROOT / "tests" / "data" / "corpus").glob("*.pdf"))
    code = sources._CHILD_CODE + "; import json; print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    limits = [str(v) for v in sources._limits().values()]
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), *limits], input=pdf.read_bytes(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout)["pages"] >= 1
    modules = set(json.loads(done.stderr.decode("utf-8").splitlines()[-1]))
    assert "pdfplumber" in modules
    assert sorted(m for m in modules if m.startswith("assistant")) == ["assistant", "assistant.pdf_text"]
    assert "pydantic" not in modules
