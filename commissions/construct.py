"""Building frozen engine values quickly, where a period close builds hundreds of thousands.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (its own
``__setattr__`` refuses): for a close's 100,000 credits, 300,000 credit lines and 300,000
payout lines that was a tenth of the close's CPU. ``positional_constructor`` gives a
function that builds the same value, every field given in order: the result is an
instance of the class, equal to and as frozen as one built by the class itself.

It fills a *twin* of the class (the same slots in the same order, nothing else: plain
attribute stores, the interpreter's fastest) and then makes the instance the class's own
by assigning ``__class__``, which Python allows between classes of the same layout and
which changes nothing else in the object. Setting each slot through its descriptor (a
call per field) took three times as long. Where the assignment is refused (a layout the
twin does not match), or where a trial value built both ways differs, the constructor sets
each slot through its descriptor instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def positional_constructor(cls: type[T]) -> Callable[..., T]:
    """``cls(*values)`` with every field given positionally, in ``dataclasses.fields``
    order, for a frozen slotted dataclass without ``__post_init__`` (refused otherwise:
    its ``__init__`` would do more than set the fields)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a frozen slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__} has a field its __init__ does not set")
    names = [f.name for f in fields]
    build = _through_twin(cls, names)
    if build is None:
        build = _through_descriptors(cls, names)
    build.__qualname__ = f"positional_constructor({cls.__name__})"
    return build


def _through_twin(cls: type[T], names: list[str]) -> Callable[..., T] | None:
    """The constructor filling a twin of ``cls`` (see the module), or None where ``cls``'s
    instances cannot be made that way (checked on a trial value)."""
    slots = vars(cls)["__slots__"]
    if isinstance(slots, str) or tuple(slots) != tuple(names) or cls.__bases__ != (object,):
        return None
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": tuple(names)})
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls}
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    source = (
        f"def build({', '.join(names)}):\n    self = _new(_twin)\n{body}"
        "    self.__class__ = _cls\n    return self\n"
    )
    exec(source, namespace)  # as dataclasses writes __init__: names are the fields' own
    build: Callable[..., T] = namespace["build"]
    trial = [object() for _ in names]
    try:
        built = build(*trial)
    except TypeError:  # (a layout Python does not let the twin take on)
        return None
    reference = _through_descriptors(cls, names)(*trial)
    same = type(built) is cls and all(
        getattr(built, name) is getattr(reference, name) is value
        for name, value in zip(names, trial, strict=True)
    )
    return build if same else None


def _through_descriptors(cls: type[T], names: list[str]) -> Callable[..., T]:
    """The constructor setting each slot of a new ``cls`` through its member descriptor."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for index, name in enumerate(names):
        namespace[f"_set{index}"] = getattr(cls, name).__set__  # the slot's member descriptor
    body = "".join(f"    _set{index}(self, {name})\n" for index, name in enumerate(names))
    source = f"def build({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, namespace)  # as dataclasses writes __init__: names are the fields' own
    build: Callable[..., T] = namespace["build"]
    return build
