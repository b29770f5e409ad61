"""Checks Bot API requests against the vendored Bot API spec and converts their values.

Telegram accepts the same call as JSON, as a urlencoded form or as multipart form data, where
numbers and booleans arrive as strings and objects as JSON strings; this module turns all three
into the same Python values and refuses what the spec does not allow, worded like Telegram.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from bot.emulator.errors import ApiError, bad_request

SPEC_PACKAGE = "bot.emulator.spec"
SPEC_FILE = "telegram-bot-api-spec.json"

# Parameters that left the spec but that Telegram still accepts for backward compatibility
# (aiogram still exposes them), with the method field that must exist for them to apply.
DEPRECATED_PARAMS: dict[str, tuple[str, str]] = {
    "reply_to_message_id": ("Integer", "reply_parameters"),
    "allow_sending_without_reply": ("Boolean", "reply_parameters"),
    "disable_web_page_preview": ("Boolean", "link_preview_options"),
    "switch_pm_text": ("String", "button"),
    "switch_pm_parameter": ("String", "button"),
}

# How Telegram words a missing required parameter, where it has its own words.
_MISSING_WORDING: dict[str, str] = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "message_id": "message identifier is not specified",
}

_INT_RE = re.compile(r"-?\d+")
_CONST_RE = re.compile(r'(?:must be|always)\s+[“"]?([a-z_]+)')
_DISCRIMINATORS = ("type", "status", "source")


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One parameter of a method or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """An object type of the spec; abstract types list their ``subtypes`` instead of fields."""

    name: str
    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...]
    subtypes: tuple[str, ...]
    consts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A Bot API method: its canonical name and parameters."""

    name: str
    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...]


# Fields of later Bot API versions than the vendored spec that aiogram already sends (and
# requires in answers): accepted as if the spec had them.
_WELCOME = FieldSpec("can_send_welcome_messages", ("Boolean",), False)
NEWER_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "ChatAdministratorRights": {_WELCOME.name: _WELCOME},
    "ChatMemberAdministrator": {_WELCOME.name: _WELCOME},
}


class _Mismatch(Exception):  # noqa: N818 - internal control flow, never leaves this module
    def __init__(self, path: str, text: str) -> None:
        super().__init__(text)
        self.path = path
        self.text = text


def _field_specs(raw_fields: Iterable[Mapping[str, Any]]) -> dict[str, FieldSpec]:
    return {
        f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"])) for f in raw_fields
    }


class Spec:
    """The Bot API spec, indexed for validation. Build it with :func:`load_spec`."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = str(raw.get("version", ""))
        self.types: dict[str, TypeSpec] = {}
        for name, t in raw["types"].items():
            fields = _field_specs(t.get("fields", ()))
            consts: dict[str, str] = {}
            for disc in _DISCRIMINATORS:
                spec_field = next((f for f in t.get("fields", ()) if f["name"] == disc), None)
                if spec_field is not None:
                    m = _CONST_RE.search(" ".join(spec_field.get("description", "").split()))
                    if m:
                        consts[disc] = m.group(1)
            self.types[name] = TypeSpec(
                name=name,
                fields=fields,
                required=tuple(n for n, f in fields.items() if f.required),
                subtypes=tuple(t.get("subtypes", ())),
                consts=consts,
            )
        self.methods: dict[str, MethodSpec] = {}
        for name, m in raw["methods"].items():
            fields = _field_specs(m.get("fields", ()))
            # Telegram's method names are case-insensitive.
            self.methods[name.lower()] = MethodSpec(
                name=name,
                fields=fields,
                required=tuple(n for n, f in fields.items() if f.required),
            )

    def method(self, name: str) -> MethodSpec | None:
        """The method called ``name`` (any case), or ``None``."""
        return self.methods.get(name.lower())

    def update_types(self) -> tuple[str, ...]:
        """Every update kind the ``Update`` object can carry."""
        return tuple(n for n in self.types["Update"].fields if n != "update_id")

    # --- validation ---------------------------------------------------------------------------

    def validate_call(
        self,
        method: MethodSpec,
        raw: Mapping[str, Any],
        attachments: Mapping[str, UploadedFile],
    ) -> dict[str, Any]:
        """Check ``raw`` parameters of ``method`` and return them converted to Python values.

        Raises :class:`ApiError` (400) for an unknown or missing parameter or a wrong type.
        """
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if value is None:
                continue
            spec_field = method.fields.get(key)
            if spec_field is None:
                deprecated = DEPRECATED_PARAMS.get(key)
                if deprecated is None or deprecated[1] not in method.fields:
                    raise bad_request(f'unknown parameter "{key}"')
                types: tuple[str, ...] = (deprecated[0],)
            else:
                types = spec_field.types
            try:
                out[key] = self._convert(value, types, key, attachments)
            except _Mismatch as e:
                raise bad_request(_describe(key, e)) from None
        for name in method.required:
            if name not in out:
                raise bad_request(_MISSING_WORDING.get(name, f'parameter "{name}" is required'))
        return out

    def validate_object(self, value: Any, type_name: str, path: str) -> Any:
        """Check one value against a spec type (used for bodies the emulator receives itself)."""
        try:
            return self._convert(value, (type_name,), path, {})
        except _Mismatch as e:
            raise bad_request(_describe(path, e)) from None

    def _convert(
        self,
        value: Any,
        types: tuple[str, ...],
        path: str,
        attachments: Mapping[str, UploadedFile],
    ) -> Any:
        if len(types) == 1:
            return self._convert_one(value, types[0], path, attachments)
        candidates = self._rank(value, types)
        first_error: _Mismatch | None = None
        for t in candidates:
            try:
                return self._convert_one(value, t, path, attachments)
            except _Mismatch as e:
                if first_error is None:
                    first_error = e
        assert first_error is not None
        if first_error.path == path:
            raise _Mismatch(path, f"must be of type {' or '.join(types)}")
        raise first_error

    def _rank(self, value: Any, types: Iterable[str]) -> list[str]:
        """Order union alternatives so the likeliest goes first and names the error."""
        if isinstance(value, str) and not value.startswith(("{", "[")):
            # Form values are strings: prefer a number or a boolean when the string is one.
            return sorted(types, key=lambda t: t == "String")
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return sorted(types, key=lambda t: t == "String")
        if isinstance(value, dict):

            def score(t: str) -> tuple[int, int]:
                spec = self.types.get(t)
                if spec is None:
                    return (-1, 0)
                const_ok = all(value.get(k, v) == v for k, v in spec.consts.items())
                return (int(const_ok), len(value.keys() & spec.fields.keys()))

            return sorted(types, key=score, reverse=True)
        return list(types)

    def _convert_one(
        self,
        value: Any,
        t: str,
        path: str,
        attachments: Mapping[str, UploadedFile],
    ) -> Any:
        if t == "String":
            if isinstance(value, str):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            raise _Mismatch(path, "must be of type String")
        if t == "Integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
                return int(value)
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise _Mismatch(path, "must be of type Integer")
        if t == "Boolean" or t == "True":
            if isinstance(value, bool):
                result = value
            elif isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
                result = value.lower() in ("true", "1")
            elif isinstance(value, int) and value in (0, 1):
                result = bool(value)
            else:
                raise _Mismatch(path, f"must be of type {t}")
            return result
        if t == "Float":
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
            if isinstance(value, str):
                try:
                    return float(value)
                except ValueError:
                    pass
            raise _Mismatch(path, "must be of type Float")
        if t == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                part = attachments.get(value[len("attach://") :])
                if part is None:
                    raise _Mismatch(path, f'refers to a missing file part "{value}"')
                return part
            raise _Mismatch(path, "must be of type InputFile")
        if t.startswith("Array of "):
            inner = t[len("Array of ") :]
            if isinstance(value, str):
                value = self._json(value, path)
            if not isinstance(value, list):
                raise _Mismatch(path, f"must be of type {t}")
            return [
                self._convert_one(item, inner, f"{path}[{i}]", attachments)
                for i, item in enumerate(value)
            ]
        spec = self.types.get(t)
        if spec is None:
            raise _Mismatch(path, f"has a type the emulator does not know: {t}")
        if isinstance(value, str):
            value = self._json(value, path)
        if spec.subtypes:
            return self._convert(value, spec.subtypes, path, attachments)
        if not isinstance(value, dict):
            raise _Mismatch(path, f"must be of type {t}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue
            sub = spec.fields.get(key) or NEWER_FIELDS.get(t, {}).get(key)
            if sub is None:
                raise _Mismatch(f"{path}.{key}", f"is not a field of {t}")
            out[key] = self._convert(item, sub.types, f"{path}.{key}", attachments)
        for name in spec.required:
            if name not in out:
                raise _Mismatch(f"{path}.{name}", f"is required in {t}")
        for key, const in spec.consts.items():
            if out.get(key) != const:
                raise _Mismatch(f"{path}.{key}", f'must be "{const}" in {t}')
        return out

    @staticmethod
    def _json(value: str, path: str) -> Any:
        try:
            return json.loads(value)
        except ValueError:
            raise _Mismatch(path, "is not a valid JSON object") from None


def _describe(key: str, e: _Mismatch) -> str:
    """Word a mismatch like Telegram: the parameter, then the field inside it that is wrong."""
    if e.path == key:
        return f'parameter "{key}" {e.text}'
    inner = e.path[len(key) :].lstrip(".")
    return f'can\'t parse {key}: field "{inner}" {e.text}'


@functools.cache
def load_spec() -> Spec:
    """Read the vendored spec once per process, on first use (never at import time)."""
    text = resources.files(SPEC_PACKAGE).joinpath(SPEC_FILE).read_text(encoding="utf-8")
    return Spec(json.loads(text))


__all__ = [
    "ApiError",
    "FieldSpec",
    "MethodSpec",
    "Spec",
    "TypeSpec",
    "UploadedFile",
    "load_spec",
]
