"""Settings of the model drafter: environment variables and a TOML file in the user's config directory.

Sources, strongest first: values passed in code (the CLI's ``--model`` and ``--base-url`` go through
:meth:`Settings.with_overrides`), environment variables ``REPORT_ASSISTANT_MODEL``, ``…_BASE_URL``,
``…_API_KEY`` …, then the file ``config.toml`` in :func:`platformdirs.user_config_dir` (or the file named by
``REPORT_ASSISTANT_CONFIG``), read as UTF-8 (a BOM, as Windows Notepad writes, is accepted)::

    model = "openai:qwen2.5-72b-instruct"
    base_url = "http://10.1.2.3:8000/v1"
    api_key = "sk-…"
    timeout = 120

    [endpoints]                      # keys for other addresses, each bound to its own address
    "http://127.0.0.1:11434/v1" = "ollama-key"

No model configured: the offline template drafter, silently. This module imports no LangChain.

**A key belongs to its address.** ``api_key`` is bound to the address the configuration gives (``base_url``,
or the provider's official address when no ``base_url`` is set). When ``--base-url`` (or ``--model`` with
another provider) points elsewhere, that key is not sent: the key for the new address comes from
``[endpoints]``, and without one the request carries no key (a placeholder), which is what keyless local
servers (Ollama, vLLM) expect; a server that needs a key answers 401, the part falls back to the template,
and the reason says to configure a key for that address. Refusing the override instead would block exactly
those keyless local servers. The address is always passed to the client explicitly, so ``OPENAI_BASE_URL``
and the like in the environment cannot redirect a configured key either.

The key is a :class:`~pydantic.SecretStr`: it is shown as ``**********`` in every repr, dump and message,
and no error this module raises contains any configured value. A key must be printable ASCII without spaces
(what every provider issues): a key with a line break or a stray character would end up in the error an HTTP
library raises about the malformed header, so it is refused here, without being shown.

Once a key is about to be used (:func:`register_secret`, called when the chat model is built), it is also
removed from whatever else the process might print: log records of every library (the record factory of
:mod:`logging`), and the traceback of an uncaught exception (``sys.excepthook`` and ``threading.excepthook``,
which is what prints with ``REPORT_ASSISTANT_DEBUG``). :func:`redact` does the same for a message.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from pydantic import Field, PrivateAttr, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "report-assistant"
ENV_PREFIX = "REPORT_ASSISTANT_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
KEYLESS_PLACEHOLDER = "EMPTY"  # sent when an address has no key, so that no key from the environment is used

# Official addresses of providers, used when no base_url is configured: the key is bound to them.
PROVIDER_DEFAULT_URLS: dict[str, str] = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
    "deepseek": "https://api.deepseek.com",
    "ollama": "http://localhost:11434",
    "mistralai": "https://api.mistral.ai/v1",
    "groq": "https://api.groq.com",
    "xai": "https://api.x.ai/v1",
}

# The pip package that brings each provider's LangChain class (for the message when it is missing).
PROVIDER_PACKAGES: dict[str, str] = {
    "openai": "langchain-openai",
    "azure_openai": "langchain-openai",
    "anthropic": "langchain-anthropic",
    "ollama": "langchain-ollama",
    "deepseek": "langchain-deepseek",
    "google_genai": "langchain-google-genai",
    "google_vertexai": "langchain-google-vertexai",
    "mistralai": "langchain-mistralai",
    "groq": "langchain-groq",
    "xai": "langchain-xai",
    "fireworks": "langchain-fireworks",
    "together": "langchain-together",
    "huggingface": "langchain-huggingface",
    "openrouter": "langchain-openrouter",
    "bedrock": "langchain-aws",
    "bedrock_converse": "langchain-aws",
    "cohere": "langchain-cohere",
    "perplexity": "langchain-perplexity",
}


REDACTED = "**********"
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
_redaction_installed = False
_KEY = re.compile(r"[\x21-\x7e]{1,8192}")


def redact(text: str) -> str:
    """``text`` with every registered key replaced by ``**********``."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def register_secret(value: str) -> None:
    """From now on, ``value`` is removed from log records and printed tracebacks of this process."""
    if len(value) < 4 or value == KEYLESS_PLACEHOLDER:
        return
    with _SECRETS_LOCK:
        _SECRETS.add(value)
        _install_redaction()


def _install_redaction() -> None:
    global _redaction_installed
    if _redaction_installed:
        return
    _redaction_installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: the logging module reports it
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            import traceback

            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    logging.setLogRecordFactory(redacting_record)
    previous_hook = sys.excepthook

    def redacting_hook(kind: Any, value: Any, trace: Any) -> None:
        import traceback

        if not _SECRETS:
            previous_hook(kind, value, trace)
            return
        sys.stderr.write(redact("".join(traceback.format_exception(kind, value, trace))))

    sys.excepthook = redacting_hook
    previous_thread_hook = threading.excepthook

    def redacting_thread_hook(args: Any) -> None:
        import traceback

        if not _SECRETS or args.exc_type is SystemExit:
            previous_thread_hook(args)
            return
        name = args.thread.name if args.thread is not None else "?"
        lines = traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        sys.stderr.write(redact(f"Exception in thread {name}:\n" + "".join(lines)))

    threading.excepthook = redacting_thread_hook


def default_config_file() -> Path:
    """``REPORT_ASSISTANT_CONFIG`` if set, else ``config.toml`` in the user's config directory."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def provider_package(provider: str) -> str:
    return PROVIDER_PACKAGES.get(provider, f"langchain-{provider.replace('_', '-')}")


def normalise_url(url: str) -> str:
    """The form addresses are compared in: scheme and host lower-cased, no trailing slash."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


class SettingsError(ValueError):
    """A configuration that cannot be used; the message is Chinese and never contains a configured value."""


@dataclass(frozen=True)
class Endpoint:
    """Where a model is reached, and with which key (None: no key for this address)."""

    provider: str
    model_name: str
    base_url: str | None  # None only for a provider whose official address is unknown here
    api_key: SecretStr | None

    def __repr__(self) -> str:
        key = "**********" if self.api_key else None
        return (
            f"Endpoint(provider={self.provider!r}, model_name={self.model_name!r}, "
            f"base_url={self.base_url!r}, api_key={key!r})"
        )


_CONFIG_FILE: ContextVar[Path | None] = ContextVar("report_assistant_config_file", default=None)


class _Utf8TomlSource(TomlConfigSettingsSource):
    """The TOML file read as UTF-8 text (with or without a BOM), whatever the machine's locale."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        text = Path(file_path).read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
        data.pop("tui", None)  # the terminal UI's own table ([tui.keymap]) shares the file
        return data


class Settings(BaseSettings):
    """How to reach the language model that drafts the narrative. Every field may be left out."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="forbid",
        validate_default=True,
        hide_input_in_errors=True,
    )

    model: str | None = Field(
        None,
        description="模型，写成“提供方:模型名”，与 LangChain init_chat_model 的写法相同，"
        "如 openai:qwen2.5-72b-instruct（任何 OpenAI 兼容接口）、ollama:qwen2.5、deepseek:deepseek-chat。"
        "不设置则用离线模板起草。",
    )
    """The model as ``init_chat_model`` takes it, ``provider:name``; None: the offline template drafter."""

    base_url: str | None = Field(
        None,
        description="模型服务地址（OpenAI 兼容接口一般以 /v1 结尾），如内网部署的 http://10.1.2.3:8000/v1；"
        "不设置则为该提供方的官方地址。",
    )
    """The model server's address; None: the provider's official address. ``api_key`` is bound to it."""

    api_key: SecretStr | None = Field(
        None,
        description="访问 base_url 所用的密钥；只发往 base_url，不会发往其他地址，也不会写入任何文件。",
    )
    """The key for ``base_url`` (or the provider's official address); never sent anywhere else."""

    endpoints: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='其他地址各自的密钥，如 {"http://127.0.0.1:11434/v1" = "…"}；用 --base-url 改用这些地址时使用。',
    )
    """Keys of other addresses, each used only for its own address (``--base-url`` to one of them)."""

    timeout: float = Field(120.0, gt=0, le=3600, description="起草一个部分最长等待的秒数，超时则该部分改用模板。")
    """Seconds one part may take (connection, answer and the whole stream); past it the part falls back."""

    retries: int = Field(2, ge=0, le=10, description="服务出错（限流、5xx、连接失败）时的重试次数。")
    """How often the client retries a request the server refused (429, 5xx, connection errors)."""

    temperature: float = Field(0.3, ge=0, le=2, description="生成温度，公文宜低（0～0.5）。")
    """Sampling temperature; official prose wants it low."""

    concurrency: int = Field(4, ge=1, le=32, description="同时起草的部分数。")
    """How many parts are drafted at the same time."""

    # The address ``api_key`` was configured for, fixed when the settings are loaded (see with_overrides).
    _key_url: str | None = PrivateAttr(default=None)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = _CONFIG_FILE.get() or default_config_file()
        return (init_settings, env_settings, _Utf8TomlSource(settings_cls, toml_file=config_file))

    @field_validator("model")
    @classmethod
    def _provider_and_name(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        provider, _, name = value.partition(":")
        if not provider or not name or not re.fullmatch(r"[a-z][a-z0-9_-]*", provider):
            raise ValueError("provider:model")
        return f"{provider.replace('-', '_')}:{name}"

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("http(s) URL")
        return value.strip().rstrip("/")

    @field_validator("api_key")
    @classmethod
    def _printable_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not _KEY.fullmatch(value.get_secret_value()):
            raise ValueError("key")  # never the value: hide_input_in_errors, and this message is fixed
        return value

    @field_validator("endpoints")
    @classmethod
    def _normalised_endpoints(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for url, key in value.items():
            parts = urlsplit(url.strip())
            own_address = re.fullmatch(r"[a-z][a-z0-9_-]*:", url.strip())  # a provider without a URL of its own
            if not own_address and (parts.scheme not in ("http", "https") or not parts.netloc):
                raise ValueError("url")
            if not _KEY.fullmatch(key.get_secret_value()):
                raise ValueError("key")
        return {normalise_url(url): key for url, key in value.items()}

    def model_post_init(self, context: Any) -> None:
        self._key_url = self._effective_url()

    # -- reading

    @property
    def provider(self) -> str | None:
        return self.model.split(":", 1)[0] if self.model else None

    @property
    def model_name(self) -> str | None:
        return self.model.split(":", 1)[1] if self.model else None

    def _effective_url(self) -> str | None:
        if self.base_url:
            return normalise_url(self.base_url)
        provider = self.provider
        if provider is None:
            return None
        default = PROVIDER_DEFAULT_URLS.get(provider)
        return normalise_url(default) if default else f"{provider}:"  # a provider's own, unnamed address

    def endpoint(self) -> Endpoint:
        """The model, its address and the key for that address (see the module docstring)."""
        if not self.model:
            raise SettingsError("没有配置模型（model）。")
        provider, name = self.model.split(":", 1)
        url = self._effective_url()
        key = self.endpoints.get(url or "")
        if key is None and self.api_key is not None and url == self._key_url:
            key = self.api_key
        base_url = self.base_url or PROVIDER_DEFAULT_URLS.get(provider)
        return Endpoint(provider, name, base_url, key)

    def with_overrides(self, *, model: str | None = None, base_url: str | None = None) -> Settings:
        """These settings with ``--model`` / ``--base-url`` applied. The configured key stays bound to the
        address it was configured for: an override to another address does not carry it along."""
        update: dict[str, Any] = {}
        if model:
            update["model"] = model
        if base_url:
            update["base_url"] = base_url
        if not update:
            return self
        if "model" in update:
            update["model"] = _checked(Settings._provider_and_name, update["model"], "model")
        if "base_url" in update:
            update["base_url"] = _checked(Settings._http_url, update["base_url"], "base_url")
        overridden = self.model_copy(update=update)
        overridden._key_url = self._key_url
        return overridden

    def describe(self) -> str:
        """One line for the clerk: model and address, and whether a key is configured (never the key)."""
        if not self.model:
            return "未配置模型：用离线模板起草。"
        endpoint = self.endpoint()
        where = endpoint.base_url or f"{endpoint.provider} 的默认地址"
        key = "已配置密钥" if endpoint.api_key else "未配置密钥"
        return f"模型 {self.model}，地址 {where}，{key}。"


_FIELD_HINTS: dict[str, str] = {
    "model": "应写成“提供方:模型名”，如 openai:qwen2.5-72b-instruct",
    "base_url": "应为以 http:// 或 https:// 开头的地址，如 http://10.1.2.3:8000/v1",
    "api_key": "应为密钥文本（只含英文字母、数字和符号，不含空格、换行或中文）",
    "endpoints": "应为“地址 = 密钥”的表（地址以 http:// 或 https:// 开头；密钥只含英文字母、数字和符号）",
    "timeout": "应为大于0、不超过3600的秒数",
    "retries": "应为0至10的整数",
    "temperature": "应为0至2之间的数",
    "concurrency": "应为1至32的整数",
}


def _checked(validator: Any, value: str, name: str) -> str | None:
    try:
        return validator(value)
    except ValueError:
        raise SettingsError(f"参数 --{name.replace('_', '-')} 的值无效：{_FIELD_HINTS[name]}。") from None


def _validation_message(error: ValidationError, source: Path) -> str:
    problems = []
    for item in error.errors(include_input=False, include_url=False, include_context=False):
        name = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "extra_forbidden":
            problems.append(f"不认识的配置项 {name}")
        else:
            hint = _FIELD_HINTS.get(name, "值无效")
            env = f"{ENV_PREFIX}{name.upper()}"
            problems.append(f"配置项 {name}（或环境变量 {env}）{hint}")
    return f"模型配置有误（配置文件 {source}）：" + "；".join(problems) + "。"


def load_settings(config_file: str | os.PathLike[str] | None = None, **values: Any) -> Settings:
    """The settings from ``values``, the environment and the TOML file; a :class:`SettingsError` (Chinese,
    naming the file and the setting, never a value) when they cannot be used."""
    path = Path(config_file) if config_file is not None else default_config_file()
    token = _CONFIG_FILE.set(path)
    try:
        return Settings(**values)
    except ValidationError as error:
        raise SettingsError(_validation_message(error, path)) from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        place = f"第{where.group(1)}行第{where.group(2)}列" if where else ""
        raise SettingsError(f"配置文件 {path} {place}不是有效的 TOML 格式，请检查引号、等号和方括号。") from None
    except UnicodeDecodeError:
        raise SettingsError(f"配置文件 {path} 不是 UTF-8 编码，请用 UTF-8 编码另存后重试。") from None
    except OSError as error:
        raise SettingsError(f"无法读取配置文件 {path}（{error.strerror or type(error).__name__}）。") from None
    finally:
        _CONFIG_FILE.reset(token)
