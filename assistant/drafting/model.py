"""The model drafter: a LangChain chat model built with ``init_chat_model``, every draft checked by grounding.

Importing this module loads LangChain: :mod:`assistant.drafting.select` imports it only when a model is
configured, so the offline path never does.

For each narrative part the model receives ``prompts/_system.md`` (register, rules, and the rule that the data
are never instructions) and ``prompts/<part>.md`` with the figures, the clerk's notes and the template draft
as delimited data. Each answer is checked (:func:`draft_problems`): empty, English, chatbot residue or
Markdown, a misplaced section heading, a number that contradicts the tables or that no figure or note
supports. A draft with problems gets one retry with the problems stated; if the retry fails too, or the model
errors, times out, is rate-limited or refuses the key, the part is written by the template drafter and the
outcome says which parts fell back and why, in Chinese.

Two ways to use it:

* :meth:`ModelDrafter.astream` — one attempt, an async iterator of text chunks as the model sends them (for
  the TUI). Cancelling the task that iterates it closes the HTTP request.
* :meth:`ModelDrafter.draft_all` — every blank part at once (at most ``settings.concurrency`` in flight), so
  the whole takes about as long as the slowest part; progress is reported through a callback.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from functools import cache
from typing import Any

from langchain.chat_models import init_chat_model
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.prompts import PromptTemplate

from .. import formats as F
from ..checks import CheckOptions
from ..checks.text import check_fee_consistency, check_fee_statement, check_placeholders, check_sections
from ..findings import show_value
from ..grounding import FigureBook, ground_text
from ..model import ReportBase, with_computed_totals
from ..resources import prompts_dir
from ..settings import KEYLESS_PLACEHOLDER, Settings, provider_package, register_secret
from . import DraftedPart, Drafter
from .select import DrafterUnavailable, DraftEvent, DraftOutcome, Fallback, ProgressCallback
from .templates import TemplateDrafter, note_items

ModelUnavailable = DrafterUnavailable

# How long each part should be (the prompts say it; the figures are the lengths of real reports).
PART_LENGTHS: dict[str, str] = {
    "preamble": "100至250字，一段",
    "overview": "100至300字，一段",
    "active_disclosure": "150至400字，一至两段",
    "on_request": "150至400字，一至两段",
    "info_management": "100至300字，一段",
    "platform": "100至300字，一段",
    "supervision": "100至300字，一段",
    "problems": "200至400字，两段（先写问题，再写改进措施）",
    "other": "30至150字，一段",
}


# ---------------------------------------------------------------------------------------------------------
# Results and progress (defined beside make_drafter, so the offline path returns the same types)


class _AttemptFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------------------
# The chat model


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model the settings describe, with the address and the key always passed explicitly."""
    endpoint = settings.endpoint()
    key = endpoint.api_key.get_secret_value() if endpoint.api_key else KEYLESS_PLACEHOLDER
    if endpoint.api_key:
        register_secret(key)  # from now on kept out of every log record and printed traceback
    kwargs: dict[str, Any] = {"temperature": settings.temperature}
    provider = endpoint.provider
    if provider == "ollama":
        if endpoint.base_url:
            kwargs["base_url"] = endpoint.base_url
        if endpoint.api_key:  # Ollama behind an authenticating proxy
            kwargs["client_kwargs"] = {"headers": {"Authorization": f"Bearer {key}"}, "timeout": settings.timeout}
        else:
            kwargs["client_kwargs"] = {"timeout": settings.timeout}
    else:
        kwargs.update(api_key=key, timeout=settings.timeout, max_retries=settings.retries)
        if endpoint.base_url:
            kwargs["base_url"] = endpoint.base_url
        if provider == "openai":
            # OpenAI-compatible servers (vLLM, Ollama's /v1, intranet deployments) speak Chat Completions.
            kwargs.update(use_responses_api=False, stream_chunk_timeout=settings.timeout)
    try:
        return init_chat_model(f"{provider}:{endpoint.model_name}", **kwargs)
    except ImportError:
        raise ModelUnavailable(_missing_package_message(provider)) from None


def _missing_package_message(provider: str) -> str:
    package = provider_package(provider)
    return (
        f"要使用 {provider} 提供的模型，需要先安装它的 LangChain 接入包：pip install {package}"
        "（也可以用 --offline 改用离线模板起草）。"
    )


# ---------------------------------------------------------------------------------------------------------
# Prompts


@cache
def _prompt(name: str) -> PromptTemplate:
    return PromptTemplate.from_file(prompts_dir() / f"{name}.md", encoding="utf-8")


def _render(name: str, values: dict[str, str]) -> str:
    template = _prompt(name)
    return template.format(**{k: values[k] for k in template.input_variables})


def _as_data(text: str) -> str:
    """Text placed between the data tags: it cannot close them (angle brackets become full-width)."""
    return text.replace("<", "＜").replace(">", "＞").strip()


def figures_block(report: ReportBase) -> str:
    """The figures a part may state, one per line, under their official labels."""
    book = FigureBook(with_computed_totals(report))
    lines = [
        f"机关全称：{report.meta.agency}",
        f"报告年度：{report.meta.year}年",
        f"统计期限：{report.meta.year}年1月1日至{report.meta.year}年12月31日",
    ]
    for figure in book.known:
        if figure.key.endswith(".r1r2"):
            continue
        lines.append(f"{figure.label}：{figure.shown}")
    meta = report.meta
    contact = meta.contact
    for label, value in (
        ("网站名称", meta.website_name),
        ("网址", meta.website_url),
        ("联系机构", contact.office),
        ("地址", contact.address),
        ("邮编", contact.postcode),
        ("电话", contact.phone),
        ("电子邮箱", contact.email),
    ):
        if value:
            lines.append(f"{label}：{value}")
    return "\n".join(lines)


def _values(report: ReportBase, part: str) -> dict[str, str]:
    meta = report.meta
    fmt = report.fmt
    notes = note_items(report.narrative_text(part).notes)
    return {
        "agency": meta.agency,
        "title": report.official_title,
        "year": str(meta.year),
        "format_name": fmt.name,
        "format_number": fmt.basis.number,
        "body_kind": F.BODY_KIND_LABELS[meta.body_kind],
        "self_name": meta.self_reference or "本机关",
        "length": PART_LENGTHS[part],
        "figures": _as_data(figures_block(report)),
        "notes": _as_data("\n".join(notes)) if notes else "（无）",
        "reference": _as_data(TemplateDrafter().draft(report, part)),
    }


def part_messages(
    report: ReportBase, part: str, *, problems: Sequence[str] = (), previous: str | None = None
) -> list[BaseMessage]:
    """The conversation for one part; after a failed attempt, the draft and the problems found in it."""
    values = _values(report, part)
    messages: list[BaseMessage] = [
        SystemMessage(_render("_system", values)),
        HumanMessage(_render(part, values)),
    ]
    if problems:
        messages.append(AIMessage(previous or ""))
        listed = "\n".join(f"{i}. {p}" for i, p in enumerate(problems, 1))
        messages.append(HumanMessage(_render("_retry", {"problems": listed})))
    return messages


# ---------------------------------------------------------------------------------------------------------
# Checking a draft

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def clean_draft(part: str, text: str) -> str:
    """Tidy what every model does harmlessly: surrounding space, Windows line ends, blank lines between
    paragraphs, the part's own heading repeated on the first line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    heading = F.NARRATIVE_PART_BY_KEY[part].heading
    section = F.SECTION_BY_KEY.get(F.NARRATIVE_PART_BY_KEY[part].section)
    for title in filter(None, (heading, section.heading if section else None, section.title if section else None)):
        if text.startswith(title):
            rest = text[len(title) :].lstrip("。：: \n")
            if rest:
                text = rest
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _is_english(text: str) -> bool:
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return latin > cjk or (cjk == 0 and latin > 0)


def draft_problems(report: ReportBase, part: str, text: str) -> list[str]:
    """What is wrong with ``text`` as the draft of ``part``, one Chinese sentence each; empty when it may stay.

    Besides the numbers, the text checks that concern a part's own text apply: PLACEHOLDER, a misplaced
    section heading (SECTIONS), and for 六 the fee statement (FEE-STATEMENT, FEE-CONSISTENCY).
    Numbers are judged strictly: each must be named as its figure, or be in the notes (a count that merely
    equals some table cell is an invented number). 【待补充：…】 markers are allowed, as in the templates: the
    final check asks the clerk to fill them.
    """
    if not text.strip():
        return ["没有返回任何正文"]
    if _is_english(text):
        return ["返回的是英文，报告正文必须用简体中文"]
    if not _CJK.search(text):
        return ["没有返回中文正文"]
    problems: list[str] = []
    trial = report.model_copy(deep=True)
    trial.narrative_text(part).text = text
    options = CheckOptions()
    checks = (check_placeholders, check_sections, check_fee_statement, check_fee_consistency)
    for finding in (f for check in checks for f in check(with_computed_totals(trial), options)):
        if finding.location is None or finding.location.part != part:
            continue
        if finding.found and finding.found.startswith("【待补充"):
            continue
        problems.append(finding.message)
    grounding = ground_text(with_computed_totals(report), text, strict=True)
    for issue in grounding.contradictions:
        problems.append(issue.message)  # says what disagrees with which cell
    for issue in grounding.unverified:
        problems.append(f"“{issue.found}”在表格数据和要点中都没有，属于编造的数字，必须删去或改用数据中的数字")
    return problems


def describe_error(error: BaseException, timeout: float) -> str:
    """Why a model call failed, in Chinese, without anything the server sent back (it could echo a key)."""
    if isinstance(error, TimeoutError | asyncio.TimeoutError) or "Timeout" in type(error).__name__:
        return f"模型在{show_value(timeout)}秒内没有答完（超时）"
    status = getattr(error, "status_code", None) or getattr(getattr(error, "response", None), "status_code", None)
    if status == 429:
        return "模型服务限流（HTTP 429），请稍后再试"
    if status in (401, 403):
        return f"模型服务拒绝访问（HTTP {status}），请检查为该地址配置的密钥"
    if isinstance(status, int) and status >= 500:
        return f"模型服务出错（HTTP {status}）"
    if isinstance(status, int):
        return f"模型服务拒绝了请求（HTTP {status}）"
    if "Connection" in type(error).__name__:
        return "无法连接模型服务，请检查地址和网络"
    return f"调用模型出错（{type(error).__name__}）"


# ---------------------------------------------------------------------------------------------------------
# The drafter


def blank_parts(report: ReportBase) -> list[str]:
    """The parts to draft: text missing or only white space (an explicit "" is left out on purpose)."""
    parts = []
    for part in F.NARRATIVE_PARTS:
        text = report.narrative_text(part.key).text
        if text is None or (text != "" and not text.strip()):
            parts.append(part.key)
    return parts


class ModelDrafter:
    """Drafts narrative parts with a chat model; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        *,
        chat_model: BaseChatModel | None = None,
        fallback: Drafter | None = None,
    ) -> None:
        if not settings.model and chat_model is None:
            raise ModelUnavailable("没有配置模型（model），无法用模型起草。")
        self.settings = settings
        self.model_label = settings.model_name or getattr(chat_model, "model_name", None) or "模型"
        self.name = f"模型（{self.model_label}）"
        self._chat = chat_model if chat_model is not None else build_chat_model(settings)
        self._fallback: Drafter = fallback or TemplateDrafter()

    def __repr__(self) -> str:
        return f"ModelDrafter(model={self.settings.model!r})"

    # -- streaming (the TUI)

    async def astream(
        self, report: ReportBase, part: str, *, problems: Sequence[str] = (), previous: str | None = None
    ) -> AsyncIterator[str]:
        """One attempt at ``part``: the text as the model sends it, chunk by chunk. No checks, no fallback
        (see :func:`draft_problems` and :meth:`draft_part`). Cancel the consuming task to stop: the HTTP
        request is closed."""
        if part not in F.NARRATIVE_PART_BY_KEY:
            raise KeyError(part)
        messages = part_messages(report, part, problems=problems, previous=previous)
        async for chunk in self._chat.astream(messages):
            text = str(chunk.text)
            if text:
                yield text

    async def _attempt(
        self,
        report: ReportBase,
        part: str,
        attempt: int,
        problems: Sequence[str],
        previous: str | None,
        progress: ProgressCallback,
    ) -> str:
        pieces: list[str] = []
        try:
            async with asyncio.timeout(self.settings.timeout):
                async for chunk in self.astream(report, part, problems=problems, previous=previous):
                    pieces.append(chunk)
                    progress(DraftEvent(part, "chunk", chunk, attempt))
        except asyncio.CancelledError:
            raise
        except ValueError as error:
            # LangChain's way of saying the model sent nothing at all: an empty answer, retried as such.
            if pieces or "No generation chunks" not in str(error):
                raise _AttemptFailed(describe_error(error, self.settings.timeout)) from None
        except Exception as error:  # every failure of the model or the transport ends in the template
            raise _AttemptFailed(describe_error(error, self.settings.timeout)) from None
        return "".join(pieces)

    # -- one part, checked, with one retry and the fallback

    async def draft_part(
        self, report: ReportBase, part: str, progress: ProgressCallback | None = None
    ) -> tuple[str, Fallback | None]:
        """The text of ``part`` and, when the template wrote it, why."""
        progress = progress or _ignore
        progress(DraftEvent(part, "started"))
        problems: list[str] = []
        previous: str | None = None
        for attempt in (1, 2):
            try:
                raw = await self._attempt(report, part, attempt, problems, previous, progress)
            except _AttemptFailed as failed:
                return self._fall_back(report, part, failed.reason, progress)
            text = clean_draft(part, raw)
            problems = draft_problems(report, part, text)
            if not problems:
                progress(DraftEvent(part, "drafted", text, attempt))
                return text, None
            if attempt == 1:
                progress(DraftEvent(part, "retry", "；".join(problems), attempt))
                previous = raw
        reason = "模型重写后仍未通过核对：" + "；".join(problems[:3]) + ("等" if len(problems) > 3 else "")
        return self._fall_back(report, part, reason, progress)

    def _fall_back(
        self, report: ReportBase, part: str, reason: str, progress: ProgressCallback
    ) -> tuple[str, Fallback]:
        fallback = Fallback(part, reason)
        progress(DraftEvent(part, "fallback", reason))
        return self._fallback.draft(report, part), fallback

    # -- every blank part, concurrently

    async def draft_all(
        self,
        report: ReportBase,
        parts: Sequence[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> DraftOutcome:
        """Draft ``parts`` (default: every blank part) at once, at most ``settings.concurrency`` in flight.
        Cancelling the task cancels every request in flight."""
        targets = list(parts) if parts is not None else blank_parts(report)
        gate = asyncio.Semaphore(self.settings.concurrency)

        async def one(part: str) -> tuple[str, Fallback | None]:
            async with gate:
                return await self.draft_part(report, part, progress)

        async with asyncio.TaskGroup() as group:
            tasks = {part: group.create_task(one(part)) for part in targets}
        drafted_report = report.model_copy(deep=True)
        drafted: list[DraftedPart] = []
        fallbacks: list[Fallback] = []
        for part in targets:
            text, fallback = tasks[part].result()
            drafted_report.narrative_text(part).text = text
            drafted.append(DraftedPart(part, self._fallback.name if fallback else self.name, text))
            if fallback:
                fallbacks.append(fallback)
        return DraftOutcome(drafted_report, drafted, fallbacks)

    # -- the synchronous Drafter contract

    def draft(self, report: ReportBase, part: str) -> str:
        """The Drafter contract (one part, synchronously, with retry and fallback). Not from inside a
        running event loop: use :meth:`draft_part` there."""
        text, _ = asyncio.run(self.draft_part(report, part))
        return text


def _ignore(event: DraftEvent) -> None:
    return None


__all__ = [
    "PART_LENGTHS",
    "DraftEvent",
    "DraftOutcome",
    "Fallback",
    "ModelDrafter",
    "ModelUnavailable",
    "blank_parts",
    "build_chat_model",
    "clean_draft",
    "describe_error",
    "draft_problems",
    "figures_block",
    "part_messages",
]
