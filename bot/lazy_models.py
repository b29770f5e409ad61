"""aiogram's pydantic models built on first use instead of all at import.

aiogram defines ~400 Bot API types and ~170 methods as pydantic models and builds every one of
them when ``aiogram`` is imported (its ``types`` package ends with a ``model_rebuild`` of each):
~110 MB of validators and serializers and ~2.5 s of CPU at every start, for a bot that meets a
few dozen of them (an update, a message, a button press, the methods it calls). Measured here:
``import aiogram`` 166 MB / 3.0 s; deferred 56 MB / 0.7 s; with an update and a sent message
parsed 61 MB.

:func:`defer_aiogram_models` turns on pydantic's own ``defer_build`` for classes defined in
aiogram's modules, and keeps the names aiogram hands to its ``model_rebuild`` loop (the types'
namespace, needed to resolve the forward references the type modules import only for type
checkers) so that each model, when first used, is built with them. Nothing else changes: a model
is built by pydantic exactly as it would be at import, only later (the test
``tests/unit/test_lazy_models.py`` builds and validates every type and method this way).

It hooks two pydantic internals (``ConfigWrapper.for_model`` and ``BaseModel.model_rebuild``'s
arguments), so it is applied only for the pydantic versions it was checked with; with any other
version, or when aiogram was imported before, it does nothing and aiogram builds its models at
import as usual.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

# pydantic versions whose internals were checked (major.minor).
CHECKED_PYDANTIC = ("2.11", "2.12", "2.13")
_AIOGRAM = "aiogram."
# The names aiogram resolves its types' forward references with (filled during its import).
_TYPES_NAMESPACE: dict[str, Any] = {}
_state = {"deferred": False}


def deferring() -> bool:
    """Whether aiogram's models are being built on first use in this process."""
    return _state["deferred"]


def defer_aiogram_models() -> bool:
    """Defer building aiogram's models until each is first used; True when it took effect.

    Must run before anything imports aiogram (``bot/__init__.py`` calls it); later, or with a
    pydantic this was not checked with, it leaves everything as it is.
    """
    if _state["deferred"]:
        return True
    if "aiogram" in sys.modules:
        return False
    try:
        import pydantic
        from pydantic import BaseModel
        from pydantic._internal import _config
    except ImportError:
        return False
    if ".".join(pydantic.VERSION.split(".")[:2]) not in CHECKED_PYDANTIC:
        return False
    for_model = getattr(_config.ConfigWrapper, "for_model", None)
    rebuild = getattr(BaseModel, "model_rebuild", None)
    if for_model is None or rebuild is None:
        return False
    if "_types_namespace" not in inspect.signature(rebuild).parameters:
        return False
    real_for_model = for_model.__func__
    real_rebuild = rebuild.__func__

    def deferred_for_model(cls: Any, bases: Any, namespace: Any, *args: Any, **kwargs: Any) -> Any:
        wrapper = real_for_model(cls, bases, namespace, *args, **kwargs)
        if str(namespace.get("__module__", "")).startswith(_AIOGRAM):
            wrapper.config_dict["defer_build"] = True
        return wrapper

    def model_rebuild(
        cls: Any,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        if cls.__module__.startswith(_AIOGRAM):
            if _types_namespace is not None and not force and not cls.__pydantic_complete__:
                # aiogram's import-time loop: keep its names for the first use, build nothing.
                _TYPES_NAMESPACE.update(_types_namespace)
                return None
            if _types_namespace is None and _TYPES_NAMESPACE:
                _types_namespace = _TYPES_NAMESPACE
        result: bool | None = real_rebuild(
            cls,
            force=force,
            raise_errors=raise_errors,
            # One frame more than pydantic counted: this function's own.
            _parent_namespace_depth=_parent_namespace_depth + 1,
            _types_namespace=_types_namespace,
        )
        return result

    _config.ConfigWrapper.for_model = classmethod(deferred_for_model)  # type: ignore[method-assign,assignment]
    setattr(BaseModel, "model_rebuild", classmethod(model_rebuild))  # noqa: B010 - a method of pydantic's
    _state["deferred"] = True
    return True
