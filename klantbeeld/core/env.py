"""Environment variables: declared once, with help (STYLE.md, Open Klant convention).

Settings read the environment only through :func:`env`, so that every variable the product
understands is listed in one registry. ``docs/configuration.md`` is generated from it
(``python -m klantbeeld.core.env``) and a test keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    kind: type
    shown_default: str | None = None


REGISTRY: dict[str, EnvVar] = {}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """An environment variable holds a value that cannot be understood."""


def env(
    name: str,
    default: Any,
    *,
    help: str,
    kind: type = str,
    shown_default: str | None = None,
) -> Any:
    """Read ``name`` from the environment, converted to ``kind``, and register it.

    ``shown_default`` is how the documentation shows a default that depends on the machine
    (such as a path inside the checkout).
    """
    REGISTRY[name] = EnvVar(name, default, help, kind, shown_default)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _convert(name, raw, kind)


def _convert(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise EnvError(f"{name} must be true or false, not {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError as exc:
            raise EnvError(f"{name} must be a whole number, not {raw!r}") from exc
    if kind is float:
        try:
            return float(raw)
        except ValueError as exc:
            raise EnvError(f"{name} must be a number, not {raw!r}") from exc
    if kind is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def markdown() -> str:
    """The configuration reference, as written to docs/configuration.md."""
    lines = [
        "# Configuration",
        "",
        "Klantbeeld reads these environment variables, and no others. Generated from",
        "`klantbeeld/core/env.py` by `python -m klantbeeld.core.env`; a test keeps it current.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for var in sorted(REGISTRY.values(), key=lambda item: item.name):
        default = var.shown_default
        if default is None:
            default = ", ".join(var.default) if isinstance(var.default, list) else var.default
        lines.append(f"| `{var.name}` | `{default}` | {var.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # Run as a script this file is a second module; read the registry the settings filled.
    import config.settings  # noqa: F401  (registers every variable)
    from klantbeeld.core import env as registry

    print(registry.markdown(), end="")  # noqa: T201
