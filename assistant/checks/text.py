"""Structure and text checks (spec/checks.md, "Structure and text" and "Info")."""

from __future__ import annotations

CHECKS = ()
