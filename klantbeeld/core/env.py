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


REGISTRY: dict[str, EnvVar] = {}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """An environment variable holds a value that cannot be understood."""


def env(name: str, default: Any, *, help: str, kind: type = str) -> Any:
    """Read ``name`` from the environment, converted to ``kind``, and register it."""
    REGISTRY[name] = EnvVar(name=name, default=default, help=help, kind=kind)
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
        default = ", ".join(var.default) if isinstance(var.default, list) else var.default
        lines.append(f"| `{var.name}` | `{default}` | {var.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import config.settings  # noqa: F401  (registers every variable)

    print(markdown(), end="")  # noqa: T201
