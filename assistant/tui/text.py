"""Chinese text for the terminal.

Rich and Textual wrap a line only at spaces. A Chinese message with a few spaces in it (between a number and the
characters around it: “之和为 6，应等于……”) therefore breaks at the one space and leaves a ragged line, with the
rest of the message pushed onto the next one. Without those spaces the message wraps where the line ends, as
Chinese text is set.
"""

from __future__ import annotations

import re

# CJK characters and punctuation, full-width forms, and the curly quotes Chinese text uses.
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d]"
_SPACES_BY_WIDE = re.compile(rf"(?<={_WIDE}) +(?=\S)|(?<=\S) +(?={_WIDE})")


def tight(text: str) -> str:
    """``text`` without the spaces next to Chinese characters, so that it wraps at the end of the line."""
    return _SPACES_BY_WIDE.sub("", text)
