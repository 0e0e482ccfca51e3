"""Responsiveness of the terminal UI, driven headless through Textual's pilot (``App.run_test``).

    python bench/bench_tui.py [--runs 7] [--keys 40]

* first usable screen, from process start: a new process imports the app, opens the sample report and
  reports as soon as the main screen is mounted and idle (its tables filled, the findings shown); the time is
  taken by the parent from just before it starts the process.
* first usable screen, in process: from constructing ``ReportApp`` to the same point, the libraries loaded.
* keystroke to updated totals: in 表三 (its totals left blank, so that the app computes them), a digit typed
  into a cell of 自然人 (a key event sent as the terminal driver sends it), until the row's 总计 shows the new
  sum: the app has handled the key, re-checked the report and refreshed every view; and until that is on the
  screen: the next repaint has finished (Textual repaints on a timer, about 60 times a second). Then, to show
  where the time goes, the two steps of an edit timed alone: the core's re-check (``DraftSession.recheck``)
  and the refresh of every view (``refresh_views``).

Targets (spec): the first usable screen within a second; a keystroke to updated totals within 50 ms. Autosave
is set to a minute so that no background save runs during the measurement. Only the standard library, Textual
and the project are used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, SEED, child_environment, pad, print_header, pycache_dir, summary

sys.path.insert(0, str(ROOT))

SIZE = (120, 40)
READY = "READY"
TIMEOUT = 10.0  # seconds any single wait may take before the benchmark gives up


def _app(figures: Path, work: Path):  # type: ignore[no-untyped-def]
    from assistant.drafting.templates import TemplateDrafter
    from assistant.tui.app import ReportApp

    return ReportApp(
        figures,
        data_dir=work / "data",
        config_path=work / "config.toml",  # absent: default keys, no model
        drafter=TemplateDrafter(),
        autosave_delay=60,
    )


async def _until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"bench_tui: gave up waiting for {what}")
        await asyncio.sleep(0)


async def _ready(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from assistant.tui.screens.main import MainScreen

    await _until(lambda: isinstance(app.screen, MainScreen) and app.screen.is_mounted, "the main screen")
    await pilot.pause()


def _copy_of_seed(work: Path) -> Path:
    """The sample report with 表三's totals left blank, as a clerk leaves them: the app computes them."""
    data = json.loads(SEED.read_text(encoding="utf-8"))
    for row in data["table3"].values():
        row["total"] = None
    data["table3"]["r7_total"] = dict.fromkeys(data["table3"]["r7_total"])
    figures = work / "figures.json"
    figures.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return figures


# -- first usable screen ------------------------------------------------------------------------------------


async def _child_first_screen() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        app = _app(_copy_of_seed(work), work)
        async with app.run_test(size=SIZE) as pilot:
            await _ready(app, pilot)
            print(READY, flush=True)


def first_screen_from_process_start(runs: int) -> list[float]:
    times = []
    with pycache_dir() as pycache:
        env = child_environment(pycache)
        for run in range(runs + 1):  # the first is a warm-up (disk cache, byte code)
            start = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, __file__, "--child"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
            )
            assert child.stdout is not None
            line = child.stdout.readline().decode("utf-8", "replace").strip()
            ready = time.perf_counter() - start
            _, err = child.communicate(timeout=60)
            if line != READY:
                raise SystemExit(f"bench_tui: the child did not get ready:\n{err.decode('utf-8', 'replace')}")
            if run:
                times.append(ready)
    return times


async def first_screen_in_process(runs: int) -> list[float]:
    times = []
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            figures = _copy_of_seed(work)
            start = time.perf_counter()
            app = _app(figures, work)
            async with app.run_test(size=SIZE) as pilot:
                await _ready(app, pilot)
                if run:
                    times.append(time.perf_counter() - start)
    return times


# -- keystroke to updated totals ----------------------------------------------------------------------------


async def keystrokes(count: int) -> dict[str, list[float]]:
    from textual import events

    from assistant.layout import CellRef

    rows = ("new_received", "carried_in", "r1_granted", "r2_partial", "carried_out")
    result: dict[str, list[float]] = {"totals": [], "painted": [], "recheck": [], "refresh_views": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        app = _app(_copy_of_seed(work), work)
        async with app.run_test(size=SIZE) as pilot:
            await _ready(app, pilot)
            screen = app.screen
            screen.show_tab("table3")
            await pilot.pause()
            grid = screen.grid("table3")
            paints = [0.0]  # when the screen last finished drawing its changes (Textual's refresh timer, ~60/s)
            compositor_refresh = screen._compositor_refresh

            def record_paint() -> None:
                compositor_refresh()
                paints.append(time.perf_counter())

            screen._compositor_refresh = record_paint
            typed = 0
            while typed < count + 1:  # the first keystroke is a warm-up
                row = rows[typed % len(rows)]
                grid.focus_ref(CellRef("table3", None, row, "natural_person"))
                await pilot.pause()
                total = CellRef("table3", None, row, "total")
                for digit in "123456":  # 1, 12, 123, …: each keystroke changes the row's total
                    before = grid._views.get(total)
                    start = time.perf_counter()
                    app._driver.send_message(events.Key(digit, digit))
                    await _until(lambda total=total, before=before: grid._views.get(total) != before, "the total")
                    updated = time.perf_counter()
                    await _until(lambda updated=updated: paints[-1] > updated, "the repaint")
                    shown, painted = updated - start, paints[-1] - start
                    await pilot.pause()
                    if typed:
                        result["totals"].append(shown)
                        result["painted"].append(painted)
                    typed += 1
                await pilot.press("escape")  # puts back what the cell held
                await pilot.pause()
            session = app.session
            for _ in range(count):
                start = time.perf_counter()
                session.recheck()
                result["recheck"].append(time.perf_counter() - start)
                start = time.perf_counter()
                screen.refresh_views()
                result["refresh_views"].append(time.perf_counter() - start)
    return result


def _line(name: str, times: list[float], target: float | None = None) -> str:
    median, low, high = summary(times)
    verdict = ""
    if target is not None:
        verdict = f"  target {1000 * target:.0f} ms: {'met' if median <= target else 'MISSED'}"
    return f"{pad(name, 44)} median {1000 * median:7.1f} ms  min {1000 * low:7.1f}  max {1000 * high:7.1f}{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="counted starts of the app (default 7)")
    parser.add_argument("--keys", type=int, default=40, help="counted keystrokes (default 40)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from assistant.startup import pause_collection

        pause_collection()  # as the report-assistant entry point does; the app resumes it on its first screen
        asyncio.run(_child_first_screen())
        return
    print_header(f"terminal UI, headless {SIZE[0]}×{SIZE[1]}, sample {SEED.parent.name}")
    print(_line("first usable screen, from process start", first_screen_from_process_start(args.runs), 1.0))
    print(_line("first usable screen, from ReportApp()", asyncio.run(first_screen_in_process(args.runs)), 1.0))
    keys = asyncio.run(keystrokes(args.keys))
    print(_line("keystroke in 表三 → row total updated", keys["totals"], 0.050))
    print(_line("keystroke in 表三 → new total on the screen", keys["painted"], 0.050))
    print(_line("  of which: DraftSession.recheck()", keys["recheck"]))
    print(_line("  of which: MainScreen.refresh_views()", keys["refresh_views"]))


if __name__ == "__main__":
    main()
