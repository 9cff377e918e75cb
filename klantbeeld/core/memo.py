"""A memo for one unit of work: look things up once per batch, not once per message.

The channels worker processes a batch of messages in one transaction; the organisation's
queues, service norms, register entries and automated actor do not change within it. Inside
:func:`memo_scope` :func:`memoized` keeps what a factory returned under its key; outside a
scope it simply calls the factory, so callers need not know whether they run in a batch.
The scope ends with the batch, so nothing outlives the transaction it was read in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_scope: ContextVar[dict[Hashable, Any] | None] = ContextVar("klantbeeld_memo", default=None)


@contextmanager
def memo_scope() -> Iterator[None]:
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def memoized(key: Hashable, factory: Callable[[], T]) -> T:
    cache = _scope.get()
    if cache is None:
        return factory()
    if key not in cache:
        cache[key] = factory()
    return cache[key]
