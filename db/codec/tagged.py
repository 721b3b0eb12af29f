"""One exact JSON codec for engine values: every value says what it is.

Engines hand each other frozen dataclasses of ``Decimal``, dates, enums and
tuples; storage is JSON (JSONB columns). A codec driven by type hints has to
*guess* when a field is a union (``Decimal | str | bool | None``) and guesses
wrong (``True`` decoded as ``Decimal("True")``). This one never guesses: each
value that JSON cannot say by itself carries a tag, so decoding reads the JSON
alone and needs no type hints at all.

The format (stable; a stored value must decode forever):

* ``null``, ``true``/``false``, integers and strings are themselves. JSON keeps
  booleans and numbers apart, so ``True`` never comes back as ``1`` or
  ``Decimal(1)``; strings never come back as numbers.
* ``{"$decimal": "12.50"}`` keeps a ``Decimal``'s digits and exponent exactly.
* ``{"$date": "2026-11-30"}``, ``{"$datetime": "2026-11-30T05:14:00+00:00"}``,
  ``{"$timedelta": [days, seconds, microseconds]}``.
* ``{"$tuple": [...]}`` and ``{"$frozenset": [...]}`` (members in a canonical
  order, so equal sets encode equally); a JSON array is a ``list``.
* ``{"$enum": ["ConditionKind", "NON_STANDARD_CLAUSES"]}``: class and member
  *name*, for registered enums.
* ``{"$type": "ConditionHit", "<field>": ..., ...}`` for a registered
  dataclass, one key per ``init`` field.
* A ``dict`` whose keys are all strings not starting with ``$`` is a JSON
  object; any other dict is ``{"$map": [[key, value], ...]}``. So an object
  with a ``$`` key is always a tag, and a tag is never mistaken for data.

Floats are refused both ways: no engine amount is a float, and JSONB would
not promise to hand one back digit for digit.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any

Json = None | bool | int | str | list[Any] | dict[str, Any]

TYPE = "$type"
_TAG = "$"


class CodecError(ValueError):
    """Stored JSON that is not a value of this codec (unknown tag, type or field)."""


class TaggedCodec:
    """Encodes and decodes values of the dataclasses and enums it was built with.

    Classes are registered by their ``__name__`` (the name is what is stored,
    so renaming a registered class needs a data migration or an ``aliases``
    entry). Two different classes with one name are refused at construction.
    """

    def __init__(self, classes: Iterable[type], aliases: Mapping[str, type] | None = None) -> None:
        self._by_name: dict[str, type] = {}
        self._name_of: dict[type, str] = {}
        self._fields_of: dict[type, tuple[str, ...]] = {}
        """A registered dataclass's ``init`` fields, once it was encoded (the fast path)."""
        self._enum_names: dict[type, str] = {}
        """A registered enum's name, once one of its members was encoded (the fast path)."""
        for cls in classes:
            self._add(cls.__name__, cls)
        for name, cls in (aliases or {}).items():
            if cls not in self._name_of:
                raise TypeError(f"alias {name!r} names an unregistered class {cls!r}")
            self._add(name, cls, primary=False)

    @classmethod
    def of_modules(cls, *modules: ModuleType) -> TaggedCodec:
        """A codec for every dataclass and enum a module exports (its ``__all__``)."""
        found: dict[int, type] = {}
        for module in modules:
            for name in getattr(module, "__all__", dir(module)):
                value = getattr(module, name)
                if isinstance(value, type) and (
                    dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)
                ):
                    found[id(value)] = value
        return cls(found.values())

    def _add(self, name: str, cls: type, primary: bool = True) -> None:
        if name.startswith(_TAG):
            raise TypeError(f"a registered name may not start with {_TAG!r}: {name!r}")
        if not (
            dataclasses.is_dataclass(cls) or (isinstance(cls, type) and issubclass(cls, enum.Enum))
        ):
            raise TypeError(f"only dataclasses and enums are registered, not {cls!r}")
        known = self._by_name.get(name)
        if known is not None and known is not cls:
            raise TypeError(f"two classes named {name!r}: {known!r} and {cls!r}")
        self._by_name[name] = cls
        if primary:
            self._name_of[cls] = name

    @property
    def classes(self) -> tuple[type, ...]:
        """The registered classes, in registration order."""
        return tuple(self._name_of)

    # --- encoding -------------------------------------------------------

    def encode(self, value: Any) -> Json:
        """``value`` as JSON-ready data; ``TypeError`` for anything not representable."""
        # The common kinds first, by exact type (a priced 1,000-line quote is ~400,000
        # values); anything else, subclasses included, takes the general path below.
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            plain: bool | int | str | None = value
            return plain
        if kind is Decimal:
            if not storable(value):  # never store what cannot come back
                raise CodecError(f"stored decimal out of range: {str(value)[:40]!r}")
            return {"$decimal": str(value)}
        names = self._fields_of.get(kind)
        if names is not None:
            data: dict[str, Any] = {TYPE: self._name_of[kind]}
            for name in names:
                field = getattr(value, name)
                leaf = type(field)
                # Plain fields inline: most of a dataclass's fields are (no call each); so
                # are decimals, the commonest of the rest (an unstorable one takes the call,
                # which refuses it).
                if leaf is str or leaf is int or leaf is bool or field is None:
                    data[name] = field
                elif leaf is Decimal and storable(field):
                    data[name] = {"$decimal": str(field)}
                else:
                    data[name] = self.encode(field)
            return data
        if kind is tuple:
            return {"$tuple": [self.encode(v) for v in value]}
        member_of = self._enum_names.get(kind)
        if member_of is not None:
            return {"$enum": [member_of, value.name]}
        return self._encode_other(value)

    def _encode_other(self, value: Any) -> Json:
        if isinstance(value, enum.Enum):
            name = self._registered(type(value))
            self._enum_names[type(value)] = name
            return {"$enum": [name, value.name]}
        if value is None:
            return None
        if type(value) in (
            bool,
            int,
            str,
        ):  # exactly these: a subclass would not come back as itself
            plain: bool | int | str = value
            return plain
        if isinstance(value, float):
            raise TypeError("floats are not engine values; use Decimal")
        if isinstance(value, Decimal):
            return {
                "$decimal": str(_bounded_decimal(str(value)))
            }  # never store what cannot come back
        if isinstance(value, datetime):
            return {"$datetime": value.isoformat()}
        if isinstance(value, date):
            return {"$date": value.isoformat()}
        if isinstance(value, timedelta):
            return {"$timedelta": [value.days, value.seconds, value.microseconds]}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            data: dict[str, Any] = {TYPE: self._registered(type(value))}
            names = tuple(f.name for f in dataclasses.fields(value) if f.init)
            self._fields_of[type(value)] = names
            for name in names:
                data[name] = self.encode(getattr(value, name))
            return data
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, frozenset):
            members = [self.encode(v) for v in value]
            return {"$frozenset": sorted(members, key=_canonical)}
        if isinstance(value, dict):
            # Exactly str keys: a StrEnum key is a str too, but must come back as its member.
            if all(type(k) is str and not k.startswith(_TAG) for k in value):
                return {k: self.encode(v) for k, v in value.items()}
            return {"$map": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        raise TypeError(f"cannot encode {type(value).__name__}: register it or convert it first")

    def _registered(self, cls: type) -> str:
        name = self._name_of.get(cls)
        if name is None:
            raise TypeError(
                f"{cls.__module__}.{cls.__qualname__} is not registered with this codec"
            )
        return name

    # --- decoding -------------------------------------------------------

    def decode(self, data: Json) -> Any:
        """The value ``data`` encodes; ``CodecError`` when it is not this codec's JSON."""
        # The common kinds first, by exact type, as ``encode`` does (a page of 50 priced
        # lines is ~40,000 values); anything else takes the general path below.
        kind = type(data)
        if kind is str or kind is int or kind is bool or data is None:
            return data
        if kind is dict:
            assert isinstance(data, dict)
            if TYPE in data:
                return self._dataclass(data)
            if len(data) == 1:
                tag = next(iter(data))
                body = data[tag]
                if tag == "$decimal" and type(body) is str:
                    try:
                        return _bounded_decimal(body)
                    except ArithmeticError as exc:
                        raise CodecError(f"bad {tag} value {body!r}") from exc
                if tag == "$tuple" and type(body) is list:
                    return tuple([self.decode(v) for v in body])
        return self._decode_other(data)

    def _decode_other(self, data: Json) -> Any:
        if data is None or isinstance(data, (bool, int, str)):
            return data
        if isinstance(data, list):
            return [self.decode(v) for v in data]
        if isinstance(data, dict):
            if TYPE in data:
                return self._dataclass(data)
            tags = [k for k in data if k.startswith(_TAG)]
            if not tags:
                return {k: self.decode(v) for k, v in data.items()}
            if len(data) != 1:
                raise CodecError(f"a tagged value has exactly one key, not {sorted(data)}")
            return self._tagged(tags[0], data[tags[0]])
        raise CodecError(f"{type(data).__name__} is not a value of this codec")

    def decode_as(self, expected: type, data: Json) -> Any:
        """``decode``, checking the result is an ``expected`` (a class or a union of classes)."""
        value = self.decode(data)
        if not isinstance(value, expected):
            raise CodecError(f"expected {expected}, found {type(value).__name__}")
        return value

    def _tagged(self, tag: str, body: Any) -> Any:
        try:
            match tag:
                case "$decimal":
                    return _bounded_decimal(_string(body))
                case "$datetime":
                    return datetime.fromisoformat(_string(body))
                case "$date":
                    return date.fromisoformat(_string(body))
                case "$timedelta":
                    days, seconds, micro = _ints(body, 3)
                    return timedelta(days=days, seconds=seconds, microseconds=micro)
                case "$enum":
                    name, member = _strings(body, 2)
                    cls = self._by_name.get(name)
                    if cls is None or not issubclass(cls, enum.Enum):
                        raise CodecError(f"unknown enum {name!r}")
                    return cls[member]
                case "$tuple":
                    return tuple(self.decode(v) for v in _array(body))
                case "$frozenset":
                    return frozenset(self.decode(v) for v in _array(body))
                case "$map":
                    pairs = [_array(pair) for pair in _array(body)]
                    if any(len(pair) != 2 for pair in pairs):
                        raise CodecError("a $map entry is a [key, value] pair")
                    return {self.decode(k): self.decode(v) for k, v in pairs}
        except (KeyError, ArithmeticError, ValueError) as exc:
            if isinstance(exc, CodecError):
                raise
            raise CodecError(f"bad {tag} value {body!r}") from exc
        raise CodecError(f"unknown tag {tag!r}")

    def _dataclass(self, data: dict[str, Any]) -> Any:
        name = data[TYPE]
        cls = self._by_name.get(name) if isinstance(name, str) else None
        if cls is None or not dataclasses.is_dataclass(cls):
            raise CodecError(f"unknown type {name!r}")
        allowed = _stored_keys(cls)
        if not data.keys() <= allowed:
            unknown = set(data) - allowed
            raise CodecError(f"{name} has no field(s) {sorted(unknown)}")
        kwargs = {}
        for key, value in data.items():
            if key != TYPE:
                leaf = type(value)
                plain = leaf is str or leaf is int or leaf is bool or value is None
                kwargs[key] = value if plain else self.decode(value)
        try:
            return cls(**kwargs)
        except TypeError as exc:  # a required field is missing
            raise CodecError(f"{name}: {exc}") from exc


@functools.cache
def _init_fields(cls: type) -> frozenset[str]:
    """The names a dataclass's ``__init__`` takes: asked once per class (``dataclasses.fields``
    builds a tuple each time, a third of decoding a stored approval plan)."""
    return frozenset(f.name for f in dataclasses.fields(cls) if f.init)


@functools.cache
def _stored_keys(cls: type) -> frozenset[str]:
    """The keys a stored ``cls`` may have: its ``init`` fields and the type tag."""
    return _init_fields(cls) | {TYPE}


def _canonical(encoded: Json) -> str:
    return json.dumps(encoded, sort_keys=True, separators=(",", ":"))


def _string(body: Any) -> str:
    if not isinstance(body, str):
        raise CodecError(f"expected a string, found {body!r}")
    return body


def _array(body: Any) -> list[Any]:
    if not isinstance(body, list):
        raise CodecError(f"expected an array, found {body!r}")
    return body


def _ints(body: Any, size: int) -> list[int]:
    items = _array(body)
    if len(items) != size or not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise CodecError(f"expected {size} integers, found {body!r}")
    return items


def _strings(body: Any, size: int) -> list[str]:
    items = _array(body)
    if len(items) != size or not all(isinstance(i, str) for i in items):
        raise CodecError(f"expected {size} strings, found {body!r}")
    return items


MAX_STORED_EXPONENT = 60


def storable(number: Decimal) -> bool:
    """Finite, and zero or within 10^±``MAX_STORED_EXPONENT``: what the bounded API scalar
    and the engines can produce, so the most any stored decimal may be."""
    return number.is_finite() and (
        number.is_zero() or -MAX_STORED_EXPONENT <= number.adjusted() <= MAX_STORED_EXPONENT
    )


def _bounded_decimal(text: str) -> Decimal:
    """A stored decimal, refused unless ``storable``: every value came through the bounded
    API scalar, so anything else is corruption and must not reach an engine's arithmetic
    (a stored 1e-99999999 counter-offer once made every acceptance fail)."""
    number = Decimal(text)
    if not storable(number):
        raise CodecError(f"stored decimal out of range: {text[:40]!r}")
    return number
