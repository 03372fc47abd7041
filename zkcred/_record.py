"""``Record``: named-field value classes without ``dataclasses``.

``@dataclass`` imports ``inspect`` (with ast, dis, tokenize) and generates its methods with ``exec`` at class
creation: about 40 M instructions, more than a Groth16 verification, paid by every short-lived process that
imports a module holding one (the ``zkcred`` CLI). The value types on the verification paths derive from
``Record`` instead, which gives them what they used from dataclasses::

    class Proof(Record):                      # frozen (immutable, hashable) by default
        a: G1
        b: G2
        point_octets: bytes | None = None     # a default, for trailing fields

    class State(Record, frozen=False):        # mutable and unhashable, like a non-frozen dataclass
        ...

- fields are the class's annotations, in order (the module must use ``from __future__ import annotations``:
  the annotations are read as strings and never evaluated); they become ``__slots__``;
- construction by position or keyword, in field order; equality by type and field values; a repr listing the
  fields; pickling;
- type checkers see the fields and the generated ``__init__`` through ``typing.dataclass_transform``, which is
  imported for them only (importing ``typing`` costs start-up time too).
"""
from __future__ import annotations

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, dataclass_transform
else:
    def dataclass_transform(**_kwargs):
        return lambda cls: cls

_MISSING = object()


class _RecordMeta(type):
    """Turns the annotations of a Record subclass into ``__slots__`` and its assigned values into defaults."""

    def __new__(mcs, name: str, bases: tuple, ns: dict, *, frozen: bool | None = None, **kwargs: Any):
        fields: tuple[str, ...] = ()
        if "__slots__" not in ns:   # Record itself (and classes that spell out __slots__) keep theirs
            fields = tuple(n for n in ns.get("__annotations__", {}) if not n.startswith("__"))
            ns["__slots__"] = fields
        inherited: dict[str, Any] = {}
        for b in reversed(bases):
            inherited.update(getattr(b, "_defaults", {}))
        defaults = dict(inherited)
        for n in fields:
            v = ns.pop(n, _MISSING)     # a class attribute named like a slot would clash with the slot
            if v is not _MISSING:
                defaults[n] = v
            elif defaults:
                raise TypeError(f"{name}: field {n!r} without a default follows a field with one")
        ns.setdefault("_defaults", defaults)
        if frozen is not None:
            ns["_frozen"] = frozen
        return super().__new__(mcs, name, bases, ns, **kwargs)


@dataclass_transform(eq_default=True, frozen_default=True)
class Record(metaclass=_RecordMeta):
    """Base class of a record; subclasses annotate their fields (see the module docstring)."""

    __slots__ = ()
    _defaults: dict[str, Any] = {}
    _frozen = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__()
        if not cls._frozen:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable: unhashable, like a non-frozen dataclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._fields()
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, got {len(args)}")
        values = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {k!r}")
            values[k] = v
        missing = [n for n in names if n not in values and n not in self._defaults]
        if missing:
            raise TypeError(f"{type(self).__name__}: missing field(s) {', '.join(missing)}")
        for n in names:
            object.__setattr__(self, n, values[n] if n in values else self._defaults[n])

    def _fields(self) -> tuple[str, ...]:
        return self.__slots__   # always a tuple of names (_RecordMeta)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self._fields())

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()   # same type as self

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields())})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._values())

    def __setattr__(self, name: str, value: object) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__delattr__(self, name)


__all__ = ["Record"]
