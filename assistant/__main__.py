"""``python -m assistant`` and the ``report-assistant`` command."""

from .startup import pause_collection


def run() -> None:
    pause_collection()  # before the libraries load: see assistant.startup
    from .cli import run as run_cli

    run_cli()


if __name__ == "__main__":
    run()
