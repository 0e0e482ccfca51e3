"""``python -m assistant`` and the ``report-assistant`` command."""

import sys

from .startup import pause_collection


def run() -> None:
    pause_collection()  # before the libraries load: see assistant.startup
    try:
        from .cli import run as run_cli
    except KeyboardInterrupt:  # Ctrl-C while the program is still loading: nothing was done yet
        print("\n已中断。", file=sys.stderr)
        sys.exit(130)
    run_cli()


if __name__ == "__main__":
    run()
