"""``Record``: named-field value classes without ``dataclasses``.

``@dataclass`` imports ``inspect`` (with ast, dis, tokenize) and generates its methods with ``exec`` at class
creation: about 40 M instructions, more than a Groth16 verification, paid by every short-lived process that
imports a module holding one (the ``zkcred`` CLI). The value types on the verification paths derive from
``Record`` instead, which gives them what they used from dataclasses:

- construction by position or keyword, in ``__slots__`` order, with ``_defaults`` for trailing fields;
- equality by type and field values; a repr listing the fields; pickling;
- immutable and hashable by default (``frozen=True``); ``_frozen = False`` gives a mutable, unhashable record.
"""
from __future__ import annotations


class Record:
    """Base class of a record; subclasses set ``__slots__`` to their field names (see the module docstring)."""

    __slots__ = ()
    _defaults: dict = {}
    _frozen = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not cls._frozen:
            cls.__hash__ = None      # mutable: unhashable, like a non-frozen dataclass

    def __init__(self, *args: object, **kwargs: object) -> None:
        names = self.__slots__
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

    def _values(self) -> tuple:
        return tuple(getattr(self, n) for n in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"

    def __reduce__(self):
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
