"""The garbage collector around start-up.

A command starts by loading its libraries and building the report models (and, for the terminal UI, several
hundred widgets): tens of thousands of objects, none of them garbage, which the collector would otherwise walk
again and again. The ``report-assistant`` entry point therefore pauses it first (about 4% of an offline
``--from-json`` run, 12% of the UI's time to its first screen). One-shot commands end soon after and never
need it. Long-running ones resume it once started: ``batch``, ``aggregate`` and ``import`` before their work,
the UI when its first screen is up. Resuming freezes what start-up made, so that later collections leave it
alone.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collection() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """Undo :func:`pause_collection`; a no-op when it was not paused here (tests, other embedders)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
