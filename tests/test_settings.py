"""Model settings: sources and their order, the key bound to its address, errors in Chinese without values,
and the choice of drafter (no LangChain, no socket on the offline path)."""

from __future__ import annotations

import ast
import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import platformdirs
import pytest
from pydantic import SecretStr

from assistant.drafting.select import DrafterUnavailable, draft_report, make_drafter
from assistant.drafting.templates import TemplateDrafter
from assistant.settings import (
    CONFIG_ENV,
    KEYLESS_PLACEHOLDER,
    Settings,
    SettingsError,
    default_config_file,
    load_settings,
)
from tests.conftest import ROOT
from tests.helpers import zero_filled

KEY = "sk-test-VERY-SECRET-0123456789"


@pytest.fixture(autouse=True)
def clean_environment(no_model_settings: Path) -> None:
    """See tests/conftest.py: no model setting of this machine leaks in."""


def write_config(path: Path, text: str, *, bom: bool = False) -> Path:
    data = textwrap.dedent(text).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def test_nothing_configured_means_the_template_drafter() -> None:
    settings = load_settings()
    assert settings.model is None
    assert settings.describe() == "未配置模型：用离线模板起草。"
    assert isinstance(make_drafter(settings, offline=False), TemplateDrafter)
    assert isinstance(make_drafter(None, offline=False), TemplateDrafter)


def test_default_config_file_is_in_the_user_config_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV)
    expected = Path(platformdirs.user_config_dir("report-assistant", appauthor=False)) / "config.toml"
    assert default_config_file() == expected


def test_toml_file_utf8_with_bom_and_chinese_comments(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "config.toml",
        f"""\
        # 内网部署的通义千问
        model = "openai:qwen2.5-72b-instruct"
        base_url = "http://10.1.2.3:8000/v1/"
        api_key = "{KEY}"
        timeout = 30
        temperature = 0.2
        concurrency = 6
        """,
        bom=True,
    )
    settings = load_settings(config)
    assert settings.model == "openai:qwen2.5-72b-instruct"
    assert settings.base_url == "http://10.1.2.3:8000/v1"
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert (settings.timeout, settings.temperature, settings.concurrency, settings.retries) == (30, 0.2, 6, 2)


def test_environment_beats_the_file_and_code_beats_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path / "config.toml", 'model = "openai:from-file"\ntimeout = 30\n')
    monkeypatch.setenv("REPORT_ASSISTANT_MODEL", "openai:from-env")
    monkeypatch.setenv("REPORT_ASSISTANT_RETRIES", "5")
    settings = load_settings(config)
    assert (settings.model, settings.retries, settings.timeout) == ("openai:from-env", 5, 30)
    assert load_settings(config, model="ollama:qwen2.5").model == "ollama:qwen2.5"
    monkeypatch.setenv(CONFIG_ENV, str(config))
    assert load_settings().timeout == 30  # REPORT_ASSISTANT_CONFIG names the file


def test_every_field_is_documented() -> None:
    """A Chinese description for the clerk and a docstring under each field for the developer."""
    tree = ast.parse((ROOT / "assistant" / "settings.py").read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings").body
    documented = {
        node.target.id
        for node, after in itertools.pairwise(body)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)
    }
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert name in documented, name


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"model": "qwen2.5-72b-instruct"}, "应写成“提供方:模型名”"),
        ({"base_url": "10.1.2.3:8000/v1"}, "应为以 http:// 或 https:// 开头的地址"),
        ({"timeout": 0}, "REPORT_ASSISTANT_TIMEOUT"),
        ({"concurrency": 100}, "应为1至32的整数"),
    ],
)
def test_bad_values_give_chinese_errors_without_the_key(values: dict[str, object], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(api_key=KEY, **values)
    assert expected in str(caught.value)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)
    assert caught.value.__cause__ is None  # the pydantic error (which could show values) is not chained


def test_bad_files(tmp_path: Path) -> None:
    broken = write_config(tmp_path / "broken.toml", f'api_key = "{KEY}"\nmodel = \n')
    with pytest.raises(SettingsError, match="第2行第9列不是有效的 TOML 格式") as caught:
        load_settings(broken)
    assert KEY not in str(caught.value)
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('# 模型\nmodel = "openai:千问"\n'.encode("gbk"))
    with pytest.raises(SettingsError, match="不是 UTF-8 编码"):
        load_settings(gbk)
    unknown = write_config(tmp_path / "unknown.toml", f'api_key = "{KEY}"\nmodle = "openai:x"\n')
    with pytest.raises(SettingsError, match="不认识的配置项 modle") as caught:
        load_settings(unknown)
    assert KEY not in str(caught.value)


def test_the_key_is_never_shown(tmp_path: Path) -> None:
    settings = load_settings(
        model="openai:m", base_url="http://127.0.0.1:9/v1", api_key=KEY, endpoints={"http://x/v1": KEY}
    )
    shown = [repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump()), settings.describe()]
    shown += [repr(settings.endpoint()), str(settings.endpoint())]
    assert all(KEY not in text for text in shown)
    assert "已配置密钥" in settings.describe()


# ---------------------------------------------------------------------------------------------------------
# The key belongs to its address


def test_key_goes_to_the_configured_address_only() -> None:
    settings = load_settings(model="openai:m", base_url="http://10.1.2.3:8000/v1", api_key=KEY)
    endpoint = settings.endpoint()
    assert endpoint.base_url == "http://10.1.2.3:8000/v1"
    assert endpoint.api_key is not None and endpoint.api_key.get_secret_value() == KEY
    # The same address written differently keeps the key.
    same = settings.with_overrides(base_url="HTTP://10.1.2.3:8000/v1/")
    assert same.endpoint().api_key is not None
    # Another address does not get it.
    other = settings.with_overrides(base_url="http://evil.example.com/v1")
    assert other.endpoint().api_key is None
    assert other.endpoint().base_url == "http://evil.example.com/v1"
    # Another model on the same address keeps it.
    assert settings.with_overrides(model="openai:other").endpoint().api_key is not None


def test_key_for_the_official_address_stays_there() -> None:
    settings = load_settings(model="openai:gpt-4o-mini", api_key=KEY)
    assert settings.endpoint().base_url == "https://api.openai.com/v1"  # passed explicitly, never from the env
    assert settings.endpoint().api_key is not None
    assert settings.with_overrides(model="deepseek:deepseek-chat").endpoint().api_key is None
    assert settings.with_overrides(base_url="http://127.0.0.1:11434/v1").endpoint().api_key is None


def test_endpoint_table_gives_each_address_its_own_key() -> None:
    settings = load_settings(
        model="openai:m",
        base_url="http://10.1.2.3:8000/v1",
        api_key=KEY,
        endpoints={"http://127.0.0.1:11434/v1/": "local-key"},
    )
    local = settings.with_overrides(base_url="http://127.0.0.1:11434/v1")
    assert local.endpoint().api_key == SecretStr("local-key")


def test_bad_overrides() -> None:
    settings = load_settings(model="openai:m", api_key=KEY)
    with pytest.raises(SettingsError, match="参数 --base-url 的值无效"):
        settings.with_overrides(base_url="ftp://x")
    with pytest.raises(SettingsError, match="参数 --model 的值无效"):
        settings.with_overrides(model="no-provider")
    assert settings.with_overrides() is settings


def test_chat_model_gets_address_and_key_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.drafting.model import build_chat_model

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/elsewhere")
    settings = load_settings(model="openai:m", base_url="http://127.0.0.1:9/v1", api_key=KEY, timeout=7, retries=1)
    chat = build_chat_model(settings)
    assert chat.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]
    assert chat.openai_api_key.get_secret_value() == KEY  # type: ignore[attr-defined]
    assert (chat.request_timeout, chat.max_retries) == (7, 1)  # type: ignore[attr-defined]
    elsewhere = build_chat_model(settings.with_overrides(base_url="http://127.0.0.1:10/v1"))
    assert elsewhere.openai_api_key.get_secret_value() == KEYLESS_PLACEHOLDER  # type: ignore[attr-defined]
    assert KEY not in repr(chat)


# ---------------------------------------------------------------------------------------------------------
# Choosing the drafter


@pytest.mark.parametrize(
    ("model", "package"),
    [
        ("anthropic:claude-sonnet-4-5", "langchain-anthropic"),
        ("ollama:qwen2.5", "langchain-ollama"),
        ("deepseek:deepseek-chat", "langchain-deepseek"),
    ],
)
def test_missing_provider_package_names_what_to_install(model: str, package: str) -> None:
    settings = load_settings(model=model)
    with pytest.raises(DrafterUnavailable) as caught:
        make_drafter(settings, offline=False)
    assert f"pip install {package}" in str(caught.value)
    assert "--offline" in str(caught.value)
    assert isinstance(make_drafter(settings, offline=True), TemplateDrafter)


def test_offline_imports_no_langchain_and_opens_no_socket(tmp_path: Path) -> None:
    """In a fresh interpreter: a model is configured, --offline drafts from templates without LangChain and
    without any socket."""
    script = textwrap.dedent(
        """
        import socket, sys
        def refuse(*args, **kwargs):
            raise AssertionError("a socket was opened")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from assistant.settings import load_settings
        from assistant.drafting.select import draft_report
        from tests.helpers import zero_filled
        settings = load_settings()
        assert settings.model == "openai:qwen2.5-72b-instruct", settings.model
        report, drafted, fallbacks = draft_report(zero_filled(2025), settings, offline=True)
        assert len(drafted) == 9 and not fallbacks and all(p.drafter == "模板" for p in drafted)
        heavy = ("langchain", "langchain_core", "openai", "httpx")
        unwanted = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
        assert not unwanted, unwanted
        print("ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    env.update(
        REPORT_ASSISTANT_MODEL="openai:qwen2.5-72b-instruct",
        REPORT_ASSISTANT_BASE_URL="http://10.1.2.3:8000/v1",
        REPORT_ASSISTANT_API_KEY=KEY,
        REPORT_ASSISTANT_CONFIG=str(tmp_path / "absent.toml"),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_model_configured_drafts_from_templates_even_when_online() -> None:
    report, drafted, fallbacks = draft_report(zero_filled(2025), load_settings(), offline=False)
    assert {p.drafter for p in drafted} == {"模板"} and fallbacks == []
    assert report.narrative_text("overview").text


def test_the_terminal_ui_table_shares_the_file(tmp_path: Path) -> None:
    """README puts [tui.keymap] in the same config.toml: the model settings must not refuse it."""
    config = tmp_path / "config.toml"
    config.write_text('model = "openai:qwen"\n\n[tui.keymap]\n"narrative.draft" = "f9"\n', encoding="utf-8")
    assert load_settings(config).model == "openai:qwen"
