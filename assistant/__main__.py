"""``python -m assistant``: the same as the ``report-assistant`` command."""

from .cli import run

if __name__ == "__main__":
    run()
