"""Frozen value objects made quickly: the engine creates a dozen per priced line.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__`` (its own ``__setattr__`` refuses), which makes creating one
of eight fields cost five times an unfrozen one; on a 1,000-line quote that was a
third of the engine's time. ``quick_init`` gives a frozen *slots* dataclass a
``__new__`` that fills an instance of a plain twin class with the same slots (plain
attribute stores, the interpreter's fastest) and then makes it an instance of the
dataclass (``__class__`` assignment, allowed between classes of the same layout):
the same signature and defaults, the object as frozen as before (assigning still
raises ``FrozenInstanceError``), equality, hashing, ``repr``, ``replace``, copying
and pickling untouched, at less than half the cost of the descriptor calls this
module made before (themselves half the cost of ``object.__setattr__``): a 1,000-line
quote runs 14 % fewer instructions.

Calling the class still goes through ``type.__call__``, which calls that Python
``__new__`` through a slot wrapper (an argument tuple and a look-up per call): a third
of the constructor's cost. ``quick_new(cls)`` hands the hot paths the same constructor
as a plain function taking the fields (about 0.25 µs instead of 0.39 µs a step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T", bound=type)
V = TypeVar("V")


def quick_init(cls: T) -> T:
    """Give ``cls``, a frozen slots dataclass straight under ``object`` whose fields are all
    plain positional ones (no factory, no keyword-only, no ``__post_init__``), a quick
    constructor; ``cls`` may not be subclassed (a subclass would not share its layout)."""
    params = getattr(cls, "__dataclass_params__", None)
    if not is_dataclass(cls) or params is None or not params.frozen or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__}: quick_init is for frozen slots dataclasses")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init does not run __post_init__")
    names = tuple(item.name for item in fields(cls))
    if cls.__bases__ != (object,) or tuple(vars(cls)["__slots__"]) != names:
        raise TypeError(f"{cls.__name__}: quick_init needs exactly one slot per field")
    twin = type(f"_{cls.__name__}Slots", (), {"__slots__": names, "__module__": cls.__module__})
    namespace: dict[str, Any] = {"_twin": twin, "_cls": cls}
    arguments: list[str] = []
    body = ["    self = _twin()"]  # calling the twin is quicker than ``object.__new__(_twin)``
    for position, item in enumerate(fields(cls)):
        if item.kw_only or not item.init or item.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: quick_init takes plain fields only")
        if item.default is MISSING:
            arguments.append(item.name)
        else:
            namespace[f"_default{position}"] = item.default
            arguments.append(f"{item.name}=_default{position}")
        body.append(f"    self.{item.name} = {item.name}")
    fill = "\n".join(body)
    source = (
        f"def __new__(cls, {', '.join(arguments)}):\n{fill}\n"
        "    self.__class__ = cls\n    return self\n"
        f"def make({', '.join(arguments)}):\n{fill}\n"
        "    self.__class__ = _cls\n    return self\n"
    )
    exec(source, namespace)
    new = namespace["__new__"]
    make = namespace["make"]
    make.__qualname__ = make.__name__ = f"new_{cls.__name__}"
    make.__module__ = cls.__module__
    _MAKERS[cls] = make
    new.__qualname__ = f"{cls.__qualname__}.__new__"
    new.__module__ = cls.__module__
    new.__doc__ = cls.__init__.__doc__
    cls.__new__ = new  # type: ignore[method-assign]
    del cls.__init__  # ``object.__init__`` accepts the arguments once ``__new__`` is overridden
    cls.__getnewargs__ = _field_values  # type: ignore[attr-defined]
    cls.__init_subclass__ = classmethod(_refuse_subclass)  # type: ignore[method-assign,assignment]
    return cls


_MAKERS: dict[type, Callable[..., Any]] = {}


def quick_new(cls: type[V]) -> Callable[..., V]:
    """``cls``'s constructor as a plain function, for the engine's hot paths: ``make(*fields)``
    is ``cls(*fields)`` (the same object, defaults included) without the type call around
    ``__new__`` (a call through ``type.__call__`` to a Python ``__new__`` cost a third more
    than the ``__new__`` itself). ``cls`` must be a ``quick_init`` class; annotate the
    result with its fields' types where it is kept."""
    make = _MAKERS.get(cls)
    if make is None:
        raise TypeError(f"{cls.__name__}: quick_new is for quick_init classes")
    return make


def _field_values(self: Any) -> tuple[Any, ...]:
    """What copying and pickling hand back to ``__new__``: every field, in order."""
    return tuple(getattr(self, name) for name in self.__slots__)


def _refuse_subclass(cls: type, /, **kwargs: Any) -> None:
    raise TypeError(f"{cls.__name__}: a quick_init class is final")
