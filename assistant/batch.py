"""Checking and rendering many reports at once: ``report-assistant batch DIR|FILES… --out OUTDIR``.

:func:`batch_command` takes figures files (``*.json``) and published reports that the importer reads
(.docx .html .htm .shtml .pdf .txt), checks each one and renders each that passes into OUTDIR, in parallel
worker processes (one per core by default). One bad file never stops the batch. It prints the files that
did not pass and why, and writes a summary, ``汇总.md`` and ``汇总.csv`` (utf-8 with BOM, so that Excel
on a Chinese Windows machine opens it correctly), into OUTDIR.

What is read
    A directory is searched with its subdirectories. Figures files and importable reports are taken; an old
    Word ``.doc`` is taken too, so that it is reported as unreadable (it must be saved as .docx) rather
    than silently left out. Other files are skipped and listed, as are hidden files, Word lock files
    (``~$…``), OUTDIR itself and any earlier batch output folder (one holding ``汇总.md`` and
    ``汇总.csv``). A file named explicitly is always taken; a path that does not exist is reported as
    unreadable. A pattern such as ``各部门/*.json`` is expanded here (the Windows command prompt does not
    expand it). The same file named twice is processed once.

What is written
    Figures files are drafted offline with the templates (:class:`~assistant.drafting.templates.
    TemplateDrafter`; no model, no LangChain) and checked as ``--from-json`` does. A published report is
    checked as ``check`` does (its own checks and the published-text checks) and rendered as published:
    nothing is drafted into it. A report with check errors gets no final file; with ``allow_errors`` it gets
    a copy marked 草稿（未通过校验）. Files are named after their source (``某局.json`` → ``某局.docx``);
    sources whose names would collide (the same stem in two folders, or ``a.json`` beside ``a.docx``) are
    told apart by their folder, then by their extension, then by a number. Existing files of the same name
    in OUTDIR are replaced (atomically); when a report is not written this time, an older file of its name
    is left alone and the summary says it is out of date.

Exit code, by precedence
    130 when the clerk interrupted the batch (Ctrl-C) before every source was processed; else 2 when any
    source could not be read or processed (it was not checked at all, so the batch is incomplete), or when
    nothing could be started (bad usage, no files found, OUTDIR not writable); else 1 when any report had
    check errors; else 0 (every report passed; warnings do not count).

Ctrl-C
    The first Ctrl-C stops the batch: no new source is started, the queued ones are cancelled, and the few
    being processed are finished (a second Ctrl-C stops them at once: their workers are ended and their
    temporary files removed). The summary is then written as usual, for the sources finished, marked
    已中断 and listing every source not processed (status 未处理), and the exit code is 130. Nothing in OUTDIR
    is ever half-written: each file is written atomically, by a worker that finishes it or is ended first.

Workers are started with the ``spawn`` method on every platform (the same behaviour on Windows, and no
``fork`` of a process that holds threads). They import only what their job needs and send back a small
:class:`Outcome`, never a report; at most a few jobs per worker are in flight, so memory stays flat however
many files there are. ``jobs=1`` runs everything in this process, without workers. A worker that dies (a
crash in a C library on some pathological file) breaks its pool: the jobs that were in flight are then run
again one at a time, each in a fresh worker, so that only the file that causes the crash is reported as
failed and the batch goes on.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .atomic import temporaries_of, write_bytes_atomic, write_text_atomic
from .checks import CheckOptions
from .exits import EXIT_CHECKS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from .figures import InputError
    from .pipeline import BuildResult

SUMMARY_STEM = "汇总"
SUMMARY_MD = f"{SUMMARY_STEM}.md"
SUMMARY_CSV = f"{SUMMARY_STEM}.csv"
DEFAULT_FORMATS: tuple[str, ...] = ("docx", "html")
FIGURES_SUFFIX = ".json"
OLD_WORD_SUFFIX = ".doc"  # taken from folders so that the clerk learns it must be saved as .docx

REASONS_KEPT = 5  # error lines kept per report for the summary; the rest are counted
LISTED_ON_SCREEN = 20  # files listed on the screen per kind; the summary lists them all
IN_FLIGHT_PER_WORKER = 2  # jobs queued per worker: keeps the workers busy without holding the whole batch
MAX_WINDOWS_WORKERS = 61  # ProcessPoolExecutor's limit on Windows
MAX_NAME_BYTES = 180  # output stem, in utf-8 bytes: leaves room for "-2.docx" and the atomic-write temp name
POLL_SECONDS = 0.1  # how often the parent looks for a Ctrl-C while it waits for the workers


class Status(StrEnum):
    PASSED = "passed"
    ERRORS = "errors"
    UNREADABLE = "unreadable"
    FAILED = "failed"
    NOT_RUN = "not_run"  # the batch was interrupted before this source was processed


STATUS_LABELS: dict[Status, str] = {
    Status.PASSED: "通过",
    Status.ERRORS: "有错误",
    Status.UNREADABLE: "无法读取",
    Status.FAILED: "处理失败",
    Status.NOT_RUN: "未处理",
}
NOT_RUN_REASON = "批量处理已中断（Ctrl-C），这个文件没有处理。"


@dataclass(frozen=True)
class Job:
    """One source to process; small and picklable, sent to a worker."""

    index: int
    source: str
    kind: str  # "figures" | "report"
    outputs: tuple[str, ...]
    options: CheckOptions
    allow_errors: bool


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back about one source: counts and a few lines, never the report itself."""

    index: int
    source: str
    status: Status
    agency: str | None = None
    year: int | None = None
    version: str | None = None
    errors: tuple[tuple[str, int], ...] = ()  # (code, count), in the order first found
    warnings: tuple[tuple[str, int], ...] = ()
    reasons: tuple[str, ...] = ()  # why it did not pass, in Chinese
    written: tuple[str, ...] = ()  # file names written into OUTDIR
    draft: bool = False  # what was written is marked 草稿（未通过校验）
    stale: tuple[str, ...] = ()  # older files of this report's names left in OUTDIR, not updated
    seconds: float = 0.0

    @property
    def error_count(self) -> int:
        return sum(n for _code, n in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(n for _code, n in self.warnings)

    @property
    def body(self) -> str:
        if self.agency:
            return self.agency
        return "（机关全称未找到）" if self.year is not None else "—"

    @property
    def final_written(self) -> str:
        if self.written and not self.draft:
            return "是"
        if self.written:
            return "否（已输出草稿）"
        return "否"


@dataclass
class Plan:
    """The sources found, before anything runs."""

    jobs: list[Job] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)  # sources refused before any work (not found)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)


# ---------------------------------------------------------------------------------------------------------
# The command


def batch_command(
    sources: Sequence[str],
    out_dir: str,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    jobs: int | None = None,
    options: CheckOptions | None = None,
    allow_errors: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check and render every source into ``out_dir``; print what did not pass; write the summary.

    ``formats``: output extensions without the dot (docx, html, md, txt). ``jobs``: worker processes (None:
    one per available core; 1: no workers). Returns the exit code (see the module docstring).
    """
    out, err = out or sys.stdout, err or sys.stderr
    options = options or CheckOptions()
    extensions = _extensions(formats, err)
    if extensions is None:
        return EXIT_USAGE
    if jobs is not None and jobs < 1:
        print(f"错误：并行进程数应为正整数，实际为 {jobs}。", file=err)
        return EXIT_USAGE
    if not sources:
        print("错误：请指定要处理的文件或文件夹。", file=err)
        return EXIT_USAGE
    target = Path(out_dir)
    if not _prepare_out_dir(target, err):
        return EXIT_USAGE

    plan = plan_batch(sources, target, extensions, options=options, allow_errors=allow_errors)
    _print_skipped(plan.skipped, out)
    if not plan.jobs and not plan.failed:
        print("错误：没有找到可处理的文件（数据文件 .json，或 .docx .html .pdf .txt 报告）。", file=err)
        return EXIT_USAGE

    started = time.perf_counter()
    progress = _Progress(err, len(plan.jobs) + len(plan.failed))
    outcomes: list[Outcome] = list(plan.failed)
    for outcome in plan.failed:
        progress.advance(outcome)
    workers = _worker_count(jobs, len(plan.jobs))
    outputs_of = {job.index: job.outputs for job in plan.jobs}
    # Ctrl-C stops the batch, whose summary is still written; presses while it is written change nothing.
    with StopSignal(on_stop=progress.message).installed() as stop:
        try:
            for outcome in run_jobs(plan.jobs, workers, stop=stop):
                outcomes.append(_with_stale(outcome, outputs_of.get(outcome.index, ())))
                progress.advance(outcome)
        finally:
            progress.close()
        elapsed = time.perf_counter() - started
        finished = {o.index for o in outcomes}
        for job in plan.jobs:
            if job.index not in finished:  # the batch was stopped before this one was processed
                not_run = Outcome(job.index, job.source, Status.NOT_RUN, reasons=(NOT_RUN_REASON,))
                outcomes.append(_with_stale(not_run, job.outputs))
        outcomes.sort(key=lambda o: o.index)

        try:
            write_summary(target, outcomes, plan.skipped, formats=extensions, elapsed=elapsed)
        except OSError as exc:
            print(f"错误：无法写入汇总文件（{exc.strerror or exc}）。", file=err)
            _print_results(outcomes, target, out, summary_written=False)
            return EXIT_INTERRUPTED if exit_code(outcomes) == EXIT_INTERRUPTED else EXIT_USAGE
        _print_results(outcomes, target, out, summary_written=True)
    return exit_code(outcomes)


def _with_stale(outcome: Outcome, outputs: Sequence[str]) -> Outcome:
    """The outcome, noting files of its names left in OUTDIR by an earlier run when none was written now."""
    if outcome.written:
        return outcome
    stale = tuple(Path(p).name for p in outputs if Path(p).exists())
    return replace(outcome, stale=stale) if stale else outcome


def exit_code(outcomes: Iterable[Outcome]) -> int:
    """130 if the batch was interrupted before every source was processed, else 2 if any source was not checked
    (unreadable or failed), else 1 if any had check errors, else 0."""
    statuses = {o.status for o in outcomes}
    if Status.NOT_RUN in statuses:
        return EXIT_INTERRUPTED
    if statuses & {Status.UNREADABLE, Status.FAILED}:
        return EXIT_USAGE
    if Status.ERRORS in statuses:
        return EXIT_CHECKS
    return EXIT_OK


def _extensions(formats: Sequence[str], err: TextIO) -> tuple[str, ...] | None:
    from .render import SUPPORTED_EXTENSIONS

    wanted = tuple(dict.fromkeys(f".{f.strip().lstrip('.').lower()}" for f in formats if f.strip()))
    unknown = [x for x in wanted if x not in SUPPORTED_EXTENSIONS]
    if not wanted or unknown:
        shown = "、".join(unknown) if unknown else "（空）"
        print(f"错误：不支持的输出格式：{shown}（支持 {'、'.join(SUPPORTED_EXTENSIONS)}）。", file=err)
        return None
    return wanted


def _prepare_out_dir(target: Path, err: TextIO) -> bool:
    if target.exists() and not target.is_dir():
        print(f"错误：{target} 是一个文件，不是文件夹；请为输出指定一个文件夹。", file=err)
        return False
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"错误：无法创建输出文件夹 {target}（{exc.strerror or exc}）。", file=err)
        return False
    if not os.access(target, os.W_OK):
        print(f"错误：没有写入输出文件夹 {target} 的权限。", file=err)
        return False
    return True


def _worker_count(jobs: int | None, job_count: int) -> int:
    if jobs is None:
        jobs = available_cores()
    if sys.platform == "win32":
        jobs = min(jobs, MAX_WINDOWS_WORKERS)
    return max(1, min(jobs, job_count))


def available_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        with contextlib.suppress(OSError):
            return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# ---------------------------------------------------------------------------------------------------------
# Finding the sources


def plan_batch(
    sources: Sequence[str],
    out_dir: Path,
    extensions: Sequence[str],
    *,
    options: CheckOptions | None = None,
    allow_errors: bool = False,
) -> Plan:
    """The jobs for ``sources`` (files and folders), each with its unique output paths in ``out_dir``."""
    from .importing.sources import SUPPORTED_SUFFIXES

    options = options or CheckOptions()
    taken = {FIGURES_SUFFIX, OLD_WORD_SUFFIX, *SUPPORTED_SUFFIXES}
    out_resolved = _resolved(out_dir)
    plan = Plan()
    found: list[tuple[int, Path, str]] = []  # (order, path, kind)
    seen: set[Path] = set()
    order = 0

    def take(path: Path) -> None:
        nonlocal order
        key = _resolved(path)
        if key in seen:
            return
        seen.add(key)
        kind = "figures" if path.suffix.lower() == FIGURES_SUFFIX else "report"
        found.append((order, path, kind))
        order += 1

    for source in sources:
        path = Path(source)
        if path.is_dir():
            for file, why in _walk(path, out_resolved, taken):
                if why is None:
                    take(file)
                else:
                    plan.skipped.append((str(file), why))
        elif path.exists():
            take(path)
        elif glob.has_magic(source):  # 各部门\*.json: the Windows command prompt leaves patterns to us
            matches = sorted(glob.glob(source))
            for match in matches:
                take(Path(match))
            if not matches:
                plan.failed.append(Outcome(order, source, Status.UNREADABLE, reasons=("没有与之匹配的文件。",)))
                order += 1
        else:
            plan.failed.append(Outcome(order, str(path), Status.UNREADABLE, reasons=("文件不存在。",)))
            order += 1

    source_names = {p.name.casefold() for _i, p, _k in found if _resolved(p.parent) == out_resolved}
    names = output_names(
        [p for _i, p, _k in found], reserved={SUMMARY_STEM}, occupied=source_names, suffixes=extensions
    )
    for (index, path, kind), name in zip(found, names, strict=True):
        outputs = tuple(str(out_dir / f"{name}{ext}") for ext in extensions)
        plan.jobs.append(Job(index, str(path), kind, outputs, options, allow_errors))
    return plan


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _walk(root: Path, out_dir: Path, taken: set[str]) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``root`` in a stable order, with None (take it) or why it is skipped."""
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        kept = []
        for name in sorted(subdirs):
            sub = here / name
            if name.startswith("."):
                continue
            if _resolved(sub) == out_dir:
                continue
            if (sub / SUMMARY_MD).is_file() and (sub / SUMMARY_CSV).is_file():
                yield sub, "之前批量生成的输出文件夹（含汇总文件）"
                continue
            kept.append(name)
        subdirs[:] = kept
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or name.startswith("~$"):
                continue  # hidden files and Word's lock files are never reports
            if path.suffix.lower() in taken:
                yield path, None
            else:
                yield path, "不是数据文件（.json）或可导入的报告（.docx .html .pdf .txt）"


# ---------------------------------------------------------------------------------------------------------
# Output names

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_stem(text: str) -> str:
    """A file-name stem that every platform accepts: no separators or reserved characters, not too long."""
    stem = _UNSAFE.sub("_", text).strip().strip(".").strip()
    if not stem:
        stem = "报告"
    if _WINDOWS_RESERVED.match(stem):
        stem += "_"
    encoded = stem.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        stem = encoded[:MAX_NAME_BYTES].decode("utf-8", errors="ignore").rstrip(". ")
    return stem


def output_names(
    paths: Sequence[Path],
    *,
    reserved: Iterable[str] = (),
    occupied: Iterable[str] = (),
    suffixes: Sequence[str] = (),
) -> list[str]:
    """One output stem per source, unique without regard to case (Windows and macOS ignore it).

    The stem is the source's own; sources that share it are told apart by the folders that differ (relative
    to their common folder), then by their extension; whatever still collides, or would take a ``reserved``
    stem, or would overwrite an ``occupied`` file name (a source in OUTDIR itself), gets "-2", "-3"….
    """
    stems = [safe_stem(p.stem) for p in paths]
    groups: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        groups.setdefault(stem.casefold(), []).append(i)
    names = list(stems)
    for members in groups.values():
        if len(members) < 2:
            continue
        resolved = [_resolved(paths[i]) for i in members]
        folders = _distinct_folders(resolved)
        labels = ["-".join([*where, r.stem]) for r, where in zip(resolved, folders, strict=True)]
        counts = Counter(label.casefold() for label in labels)
        for i, label, r in zip(members, labels, resolved, strict=True):
            if counts[label.casefold()] > 1 and r.suffix:
                label = f"{label}-{r.suffix.lstrip('.')}"
            names[i] = safe_stem(label)

    used = {name.casefold() for name in reserved}
    blocked = {name.casefold() for name in occupied}
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate.casefold() in used or any(f"{candidate}{s}".casefold() in blocked for s in suffixes):
            number += 1
            candidate = f"{name}-{number}"
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _distinct_folders(paths: Sequence[Path]) -> list[tuple[str, ...]]:
    """The folders of each path below the folder they share (on Windows, paths on two drives share none)."""
    try:
        common = Path(os.path.commonpath([str(p.parent) for p in paths]))
    except ValueError:
        return [p.parent.parts[1:] for p in paths]
    return [p.parent.relative_to(common).parts for p in paths]


# ---------------------------------------------------------------------------------------------------------
# Running the jobs


Task = Callable[[Job], Outcome]


class StopSignal:
    """Ctrl-C during a batch, kept as a count that the run looks at between files and while it waits.

    The first press asks the batch to stop (:attr:`requested`): no new source is started and the ones being
    processed are finished. A second asks it to stop at once (:attr:`forced`): the workers are ended. The signal
    handler only counts, so that a press never breaks the parent halfway through its own bookkeeping; only while
    a job runs in this process (``jobs=1``) does a forced stop raise KeyboardInterrupt, which ends that job (its
    atomic writes remove their temporary files). What the run does about a press it reports once, through
    ``on_stop`` (a line for the clerk), from the run loop and never from the handler.
    """

    def __init__(self, on_stop: Callable[[str], None] | None = None) -> None:
        self.presses = 0
        self.on_stop = on_stop
        self._reported = 0  # the stage (1 requested, 2 forced) last reported through on_stop
        self._job_in_this_process = False

    @property
    def requested(self) -> bool:
        return self.presses >= 1

    @property
    def forced(self) -> bool:
        return self.presses >= 2

    def press(self) -> None:
        """One Ctrl-C (the signal handler)."""
        self.presses += 1
        if self.forced and self._job_in_this_process:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def job_in_this_process(self) -> Iterator[None]:
        """While a job runs in this process, a forced stop interrupts it."""
        self._job_in_this_process = True
        try:
            yield
        finally:
            self._job_in_this_process = False

    def acknowledge(self, in_flight: int) -> None:
        """Tell the clerk, once per stage, what the run does about the presses so far."""
        stage = min(self.presses, 2)
        if stage <= self._reported:
            return
        self._reported = stage
        if self.on_stop is None:
            return
        if stage == 2:
            left = f"，处理中的 {in_flight} 份不再等待（列为未处理）" if in_flight else ""
            self.on_stop(f"再次收到 Ctrl-C：立即停止{left}。")
        elif in_flight:
            self.on_stop(
                f"收到 Ctrl-C：不再开始新的文件，等待处理中的 {in_flight} 份完成后写出汇总"
                "（再按一次 Ctrl-C 立即停止）……"
            )
        else:
            self.on_stop("收到 Ctrl-C：正在停止并写出汇总……")

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignal]:
        """Count the Ctrl-C presses while the batch runs. Only the main thread receives signals; and a batch
        started with SIGINT ignored (in the background) keeps ignoring it."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = signal.getsignal(signal.SIGINT)
        if previous is signal.SIG_IGN:
            yield self
            return
        signal.signal(signal.SIGINT, lambda _signum, _frame: self.press())
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def run_jobs(
    jobs: Sequence[Job], workers: int, task: Task | None = None, stop: StopSignal | None = None
) -> Iterator[Outcome]:
    """The outcome of every job, in the order they finish; after ``stop`` is requested, of those finished.

    ``task`` (default :func:`process`) must be a module-level function, so that a spawned worker can import it.
    The jobs without an outcome when this returns were not processed (the batch was stopped).
    """
    task = task or process
    stop = stop or StopSignal()
    if not jobs:
        return
    if workers <= 1:
        for job in jobs:
            if stop.requested:
                stop.acknowledge(0)
                return
            try:
                with stop.job_in_this_process():
                    outcome = task(job)
            except KeyboardInterrupt:
                if not stop.forced:
                    raise
                stop.acknowledge(1)
                return
            yield outcome
        return
    queue: deque[Job] = deque(jobs)
    while queue and not stop.requested:
        in_flight: list[Job] = []
        yield from _run_pool(task, queue, workers, in_flight, stop)
        # The pool broke: run the jobs it had in flight one at a time, so that only the culprit fails.
        yield from _run_isolated(task, in_flight, stop)
    if stop.requested:
        stop.acknowledge(0)


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread while it starts workers (POSIX). A Ctrl-C in a terminal reaches every process
    of the terminal: a worker still starting would die of it, before :func:`_worker_init` ignores it, with a
    traceback on the clerk's screen and its pool broken. A worker inherits the mask of the thread that starts it,
    so it never receives SIGINT; this process receives a press all the same (held until unblocked, if no other
    thread takes it). multiprocessing's own resource tracker is started the same way."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle (it stops the pool); a worker printing its own KeyboardInterrupt
    # traceback would be noise in the clerk's terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_pool(task: Task, queue: deque[Job], workers: int, in_flight: list[Job], stop: StopSignal) -> Iterator[Outcome]:
    """Run jobs from ``queue`` with at most a few in flight per worker.

    If the pool breaks, the jobs in flight are put into ``in_flight`` and this returns (the queue keeps the
    rest). When ``stop`` is requested, the jobs not yet handed to a worker are cancelled (the queue keeps them)
    and the running ones are awaited; when it is forced, the workers are ended at once.
    """
    pending: dict[Future[Outcome], Job] = {}
    executor = _pool(workers)
    try:
        while queue or pending:
            while queue and not stop.requested and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                job = queue.popleft()
                with _sigint_blocked():  # a submit may start a worker
                    pending[executor.submit(task, job)] = job
            if stop.requested:
                cancelled = [f for f in pending if f.cancel()]  # not yet with a worker: never started
                queue.extendleft(reversed([pending.pop(f) for f in cancelled]))
                stop.acknowledge(len(pending))
                if stop.forced:
                    _end_workers(executor, list(pending.values()))
                    return
                if not pending:
                    return
            done, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                job = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    in_flight.append(job)
                    continue
                yield outcome
            if broken:
                in_flight.extend(pending.values())
                pending.clear()
                return
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_isolated(task: Task, jobs: Sequence[Job], stop: StopSignal) -> Iterator[Outcome]:
    """Run ``jobs`` one at a time in a single worker; a job that kills its worker fails, and a new one starts."""
    executor: ProcessPoolExecutor | None = None
    try:
        for job in jobs:
            if stop.requested:
                return
            if executor is None:
                executor = _pool(1)
            with _sigint_blocked():  # a submit may start a worker
                future = executor.submit(task, job)
            while True:
                if stop.requested:
                    stop.acknowledge(1)
                if stop.forced:
                    _end_workers(executor, [job])
                    return
                try:
                    outcome = future.result(timeout=POLL_SECONDS)
                except TimeoutError:
                    continue
                except BrokenProcessPool:
                    outcome = _crash_outcome(job)
                    executor.shutdown(wait=True)
                    executor = None
                break
            yield outcome
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _end_workers(executor: ProcessPoolExecutor, jobs: Sequence[Job]) -> None:
    """End the pool's workers now (a forced stop), and remove the temporary files they left beside the outputs
    of ``jobs``, the jobs they were running: an ended worker leaves its target as it was, never half-written."""
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14
    processes = list((getattr(executor, "_processes", None) or {}).values())
    if terminate is not None:
        terminate()
    else:
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)
    prefixes = [f"{pid}." for pid in (p.pid for p in processes) if pid is not None]
    for job in jobs:
        for output in job.outputs:
            head = f".{Path(output).name}."  # atomic.py's temporary name: .{target}.{pid}.{random}.tmp
            for temporary in temporaries_of(output):
                if any(temporary.name[len(head) :].startswith(prefix) for prefix in prefixes):
                    with contextlib.suppress(OSError):
                        temporary.unlink()


def _crash_outcome(job: Job) -> Outcome:
    reason = f"处理 {job.source} 时处理进程意外退出（可能是文件损坏或过于复杂）；其他文件不受影响。"
    return Outcome(job.index, job.source, Status.FAILED, reasons=(reason,))


# ---------------------------------------------------------------------------------------------------------
# One job (runs in a worker)


def process(job: Job) -> Outcome:
    """Read, check and render one source. Never raises: every failure is an :class:`Outcome`."""
    from .figures import InputError

    start = time.perf_counter()
    stage = "read"
    try:
        result = _build_figures(job) if job.kind == "figures" else _build_imported(job)
        stage = "write"
        written = _render(result, job)
    except InputError as error:
        return _outcome(job, Status.UNREADABLE, start, reasons=_input_reasons(error))
    except OSError as exc:
        if stage == "write":
            reason = f"无法写入 {exc.filename or '输出文件'}（{exc.strerror or exc}）；未写入该报告的任何文件。"
        else:
            reason = f"无法读取 {job.source}（{exc.strerror or exc}）。"
        return _outcome(job, Status.FAILED, start, reasons=(reason,))
    except Exception as exc:  # a bug of ours on some input: report it, and let the batch go on
        reason = f"处理 {job.source} 时发生程序内部错误（{type(exc).__name__}：{exc}）。请把该文件报告给维护者。"
        return _outcome(job, Status.FAILED, start, reasons=(reason,))
    return _checked_outcome(job, result, written, start)


def _input_reasons(error: InputError) -> tuple[str, ...]:
    lines = [f"{p.location.label}：{p.message}" if p.location else p.message for p in error.problems]
    if len(lines) > REASONS_KEPT:
        lines[REASONS_KEPT:] = [f"……另有 {len(lines) - REASONS_KEPT} 处问题"]
    return tuple(lines) or ("无法读取该文件。",)


def _build_figures(job: Job) -> BuildResult:
    from .drafting.templates import TemplateDrafter
    from .figures import load_report
    from .pipeline import build

    report = load_report(job.source)
    return build(report, TemplateDrafter(), job.options, draft_on_errors=job.allow_errors)


def _build_imported(job: Job) -> BuildResult:
    from .importing.commands import check_findings
    from .pipeline import BuildResult

    # As `check` judges a published report, and as finished: every section must have its text.
    report, _result, findings = check_findings(job.source, options=replace(job.options, final=True))
    return BuildResult(report, findings)


def _render(result: BuildResult, job: Job) -> tuple[str, ...]:
    from .pipeline import render_outputs

    written = render_outputs(result, [Path(p) for p in job.outputs], allow_errors=job.allow_errors)
    return tuple(Path(p).name for p in written)


def _outcome(job: Job, status: Status, start: float, **fields: Any) -> Outcome:
    return Outcome(job.index, job.source, status, seconds=time.perf_counter() - start, **fields)


def _checked_outcome(job: Job, result: BuildResult, written: tuple[str, ...], start: float) -> Outcome:
    from .findings import Severity

    report = result.report
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    reasons = tuple(f.render() for f in errors[:REASONS_KEPT])
    if len(errors) > REASONS_KEPT:
        reasons += (f"……另有 {len(errors) - REASONS_KEPT} 处错误",)
    return _outcome(
        job,
        Status.ERRORS if errors else Status.PASSED,
        start,
        agency=report.meta.agency or None,
        year=report.meta.year,
        version=report.version.value,
        errors=tuple(Counter(f.code for f in errors).items()),
        warnings=tuple(Counter(f.code for f in warnings).items()),
        reasons=reasons,
        written=written,
        draft=bool(written) and bool(errors),
    )


# ---------------------------------------------------------------------------------------------------------
# Progress


class _Progress:
    """A one-line progress bar on a terminal; on anything else (a log, a pipe) one plain final line."""

    WIDTH = 24
    INTERVAL = 0.1

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.not_passed = 0
        self.started = time.perf_counter()
        self.shown_at = 0.0
        isatty = getattr(stream, "isatty", None)
        self.live = bool(isatty and isatty())

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.not_passed += outcome.status is not Status.PASSED
        now = time.perf_counter()
        if self.live and (now - self.shown_at >= self.INTERVAL or self.done == self.total):
            self.shown_at = now
            self._write("\r" + self._line(now))

    def close(self) -> None:
        now = time.perf_counter()
        if self.live:
            self._write("\r" + self._line(now) + "\n")
        else:
            elapsed = now - self.started
            rate = self.done / elapsed if elapsed > 0 else 0.0
            self._write(f"已处理 {self.done}/{self.total} 份，用时 {elapsed:.1f} 秒（每秒 {rate:.1f} 份）。\n")

    def message(self, text: str) -> None:
        """A line of its own while the batch runs (what Ctrl-C does); on a terminal the bar goes on below it."""
        if self.live:
            self._write("\r" + self._line(time.perf_counter()) + "\n" + text + "\n")
        else:
            self._write(text + "\n")

    def _line(self, now: float) -> str:
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "=" * filled + (">" if filled < self.WIDTH else "") + " " * max(self.WIDTH - filled - 1, 0)
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = ""
        if 0 < self.done < self.total and rate > 0:
            left = f"，约剩 {(self.total - self.done) / rate:.0f} 秒"
        flagged = f"，未通过 {self.not_passed}" if self.not_passed else ""
        return f"批量处理 [{bar}] {self.done}/{self.total}（每秒 {rate:.1f} 份{left}{flagged}）"

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(text)
            self.stream.flush()


# ---------------------------------------------------------------------------------------------------------
# Results on the screen


def _print_skipped(skipped: list[tuple[str, str]], out: TextIO) -> None:
    if not skipped:
        return
    print(f"跳过 {len(skipped)} 个文件或文件夹：", file=out)
    for path, why in skipped[:LISTED_ON_SCREEN]:
        print(f"  {path}：{why}", file=out)
    if len(skipped) > LISTED_ON_SCREEN:
        print(f"  ……另有 {len(skipped) - LISTED_ON_SCREEN} 个，见 {SUMMARY_MD}", file=out)


def _print_results(outcomes: list[Outcome], out_dir: Path, out: TextIO, *, summary_written: bool) -> None:
    not_passed = [o for o in outcomes if o.status not in (Status.PASSED, Status.NOT_RUN)]
    for outcome in not_passed[:LISTED_ON_SCREEN]:
        label = STATUS_LABELS[outcome.status]
        if outcome.status is Status.ERRORS:
            codes = "，".join(f"{code} {n} 处" for code, n in outcome.errors)
            draft = "；已输出草稿" if outcome.draft else ""
            print(f"【{label}】{outcome.source}（{outcome.body}）：{codes}{draft}", file=out)
        else:
            detail = "；".join(outcome.reasons[:2]) or "原因未知"
            print(f"【{label}】{outcome.source}：{detail}", file=out)
    if len(not_passed) > LISTED_ON_SCREEN:
        print(f"……另有 {len(not_passed) - LISTED_ON_SCREEN} 份未通过，见 {SUMMARY_MD}", file=out)
    print(f"{_tally(outcomes)}。", file=out)
    not_run = [o for o in outcomes if o.status is Status.NOT_RUN]
    if not_run:
        print(f"{_interrupted_line(outcomes)}：", file=out)
        for outcome in not_run[:LISTED_ON_SCREEN]:
            print(f"  {outcome.source}", file=out)
        if len(not_run) > LISTED_ON_SCREEN:
            print(f"  ……另有 {len(not_run) - LISTED_ON_SCREEN} 份，见 {SUMMARY_MD}", file=out)
    if summary_written:
        what = "汇总（已中断，只含已完成的文件）" if not_run else "汇总"
        print(f"报告在 {out_dir}；{what}：{out_dir / SUMMARY_MD}、{out_dir / SUMMARY_CSV}", file=out)


def _interrupted_line(outcomes: Sequence[Outcome]) -> str:
    """已中断：完成 37 份，共 120 份；未处理的文件 83 份"""
    not_run = sum(o.status is Status.NOT_RUN for o in outcomes)
    return f"已中断：完成 {len(outcomes) - not_run} 份，共 {len(outcomes)} 份；未处理的文件 {not_run} 份"


def _tally(outcomes: Sequence[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    parts = [f"{STATUS_LABELS[s]} {counts[s]} 份" for s in Status if counts[s] or s is Status.PASSED]
    return f"共 {len(outcomes)} 份：" + "，".join(parts)


# ---------------------------------------------------------------------------------------------------------
# The summary files


def write_summary(
    out_dir: Path,
    outcomes: Sequence[Outcome],
    skipped: Sequence[tuple[str, str]],
    *,
    formats: Sequence[str],
    elapsed: float,
    now: Callable[[], datetime] = datetime.now,
) -> None:
    """``汇总.md`` and ``汇总.csv`` in ``out_dir``, each written atomically."""
    markdown = summary_markdown(outcomes, skipped, formats=formats, at=now(), elapsed=elapsed)
    write_text_atomic(out_dir / SUMMARY_MD, markdown)
    write_bytes_atomic(out_dir / SUMMARY_CSV, summary_csv(outcomes).encode("utf-8-sig"))


def _code_columns(outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    """(severity label, code) for every code found in the batch: errors first, each in first-seen order."""
    errors = dict.fromkeys(code for o in outcomes for code, _n in o.errors)
    warnings = dict.fromkeys(code for o in outcomes for code, _n in o.warnings)
    return [("错误", c) for c in errors] + [("警告", c) for c in warnings]


CSV_COLUMNS = (
    "序号",
    "源文件",
    "机关",
    "年度",
    "格式",
    "结果",
    "错误数",
    "警告数",
    "已生成正式报告",
    "输出文件",
    "原因",
)


def summary_csv(outcomes: Sequence[Outcome]) -> str:
    """One row per source: the fixed columns, then one column per (severity, code) found in the batch."""
    codes = _code_columns(outcomes)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *(f"{label} {code}" for label, code in codes)])
    for number, outcome in enumerate(outcomes, 1):
        by_code = {("错误", c): n for c, n in outcome.errors} | {("警告", c): n for c, n in outcome.warnings}
        notes = list(outcome.reasons)
        if outcome.stale:
            notes.append(_stale_note(outcome))
        writer.writerow(
            [
                number,
                _csv_text(outcome.source),
                _csv_text(outcome.agency or ""),
                outcome.year or "",
                f"{outcome.version}年格式" if outcome.version else "",
                STATUS_LABELS[outcome.status],
                outcome.error_count,
                outcome.warning_count,
                outcome.final_written,
                _csv_text("；".join(outcome.written)),
                _csv_text("\n".join(notes)),
                *(by_code.get(key, 0) for key in codes),
            ]
        )
    return buffer.getvalue()


def _csv_text(text: str) -> str:
    """Text that Excel shows as text: a leading = + - @ would make it a formula (from a file or report name)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _stale_note(outcome: Outcome) -> str:
    names = "、".join(outcome.stale)
    if outcome.status is Status.NOT_RUN:  # stopped before, or (a forced stop) while, it was written
        return f"输出文件夹中的同名文件 {names} 未经本次完整处理，请勿使用。"
    return f"输出文件夹中的旧文件 {names} 本次未更新，请勿使用。"


def _md_cell(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def summary_markdown(
    outcomes: Sequence[Outcome],
    skipped: Sequence[tuple[str, str]],
    *,
    formats: Sequence[str],
    at: datetime,
    elapsed: float | None = None,
) -> str:
    not_run = [o for o in outcomes if o.status is Status.NOT_RUN]
    finished = [o for o in outcomes if o.status is not Status.NOT_RUN]
    lines = [
        "# 批量生成汇总（已中断）" if not_run else "# 批量生成汇总",
        "",
        f"生成时间：{at:%Y-%m-%d %H:%M}；输出格式：{'、'.join(f.lstrip('.') for f in formats)}"
        + (f"；用时 {elapsed:.1f} 秒。" if elapsed is not None else "。"),
        "",
    ]
    if not_run:
        lines += [
            f"**{_interrupted_line(outcomes)}，列在文末“未处理的文件”中。下表只含已完成的文件。**",
            "",
        ]
    lines += [
        f"{_tally(outcomes)}。",
        "",
        "| 序号 | 机关 | 年度 | 源文件 | 结果 | 错误 | 警告 | 已生成正式报告 |",
        "|---:|---|---:|---|---|---|---|---|",
    ]
    for number, o in enumerate(finished, 1):
        errors = "；".join(f"{c} {n}" for c, n in o.errors) or "—"
        warnings = "；".join(f"{c} {n}" for c, n in o.warnings) or "—"
        cells = [number, o.body, o.year or "", o.source, STATUS_LABELS[o.status], errors, warnings, o.final_written]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    not_passed = [(n, o) for n, o in enumerate(finished, 1) if o.status is not Status.PASSED]
    if not_passed:
        lines += ["", "## 未通过的文件及原因", ""]
        for number, o in not_passed:
            lines.append(f"### {number}. {_md_cell(o.source)}（{STATUS_LABELS[o.status]}）")
            lines.append("")
            if o.agency:
                lines.append(f"机关：{_md_cell(o.agency)}，{o.year}年度，{o.version}年格式。")
                lines.append("")
            for reason in o.reasons:
                for line in reason.splitlines():
                    lines.append(f"- {_md_cell(line.strip())}")
            if o.draft:
                lines.append(f"- 已按要求输出草稿（未通过校验）：{'、'.join(o.written)}")
            if o.stale:
                lines.append(f"- {_stale_note(o)}")
            lines.append("")
    if not_run:
        lines += ["", "## 未处理的文件（批量处理已中断）", ""]
        for o in not_run:
            lines.append(f"- {_md_cell(o.source)}" + (f"（{_stale_note(o)}）" if o.stale else ""))
    if skipped:
        lines += ["", "## 跳过的文件", ""]
        lines += [f"- {_md_cell(path)}：{why}" for path, why in skipped]
    lines += [
        "",
        "说明：“错误”会阻止生成正式报告；“警告”不阻止，但请逐项核对。"
        "“无法读取”“处理失败”的文件没有经过校验，请按原因处理后重新运行。",
    ]
    if not_run:
        lines += ["", "批量处理被中断：重新运行同一命令即可处理全部文件（已生成的报告会被替换）。"]
    lines.append("")
    return "\n".join(lines)
