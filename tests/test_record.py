"""zkcred._record.Record against the behaviour of the dataclasses it replaced (dataclasses is the reference)."""
from __future__ import annotations

import dataclasses
import pickle

import pytest

from zkcred._record import Record


class Point(Record):
    x: object
    y: object
    tag: object = None


class Cell(Record, frozen=False):
    value: object
    note: object = "n"


@dataclasses.dataclass(frozen=True)
class RefPoint:
    x: object
    y: object
    tag: object = None


@dataclasses.dataclass
class RefCell:
    value: object
    note: object = "n"


CASES = [((1, 2), {}), ((1,), {"y": 2}), ((), {"y": 2, "x": 1, "tag": "t"}), ((1, 2, [3]), {})]


@pytest.mark.parametrize("args,kwargs", CASES)
def test_construction_and_equality_like_dataclass(args, kwargs):
    p, ref = Point(*args, **kwargs), RefPoint(*args, **kwargs)
    assert (p.x, p.y, p.tag) == dataclasses.astuple(ref)
    assert repr(p) == repr(ref).replace("RefPoint", "Point")
    assert p == Point(*args, **kwargs) and p != Point(p.x, p.y, "other")
    assert (p == ref) is False and p != (p.x, p.y, p.tag)
    if not isinstance(p.tag, list):
        assert hash(p) == hash(Point(*args, **kwargs)) == hash((p.x, p.y, p.tag))
    assert pickle.loads(pickle.dumps(p)) == p


@pytest.mark.parametrize("args,kwargs", [((), {}), ((1,), {}), ((1, 2, 3, 4), {}), ((1, 2), {"x": 1}),
                                         ((1, 2), {"z": 0})])
def test_bad_construction_is_a_type_error_like_dataclass(args, kwargs):
    with pytest.raises(TypeError):
        RefPoint(*args, **kwargs)
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_frozen_and_mutable():
    p = Point(1, 2)
    for act in (lambda: setattr(p, "x", 5), lambda: delattr(p, "x"), lambda: setattr(p, "new", 1)):
        with pytest.raises(AttributeError):
            act()
    assert (p.x, p.y) == (1, 2)
    c, ref = Cell(1), RefCell(1)
    c.value = 7
    ref.value = 7
    assert (c.value, c.note) == dataclasses.astuple(ref) and c == Cell(7, "n")
    with pytest.raises(TypeError):     # mutable: unhashable, like a non-frozen dataclass
        hash(c)
    with pytest.raises(TypeError):
        hash(ref)
    with pytest.raises(AttributeError):
        c.other = 1                    # slots only
    del c.note
    with pytest.raises(AttributeError):
        c.note


def test_fields_come_from_the_annotations():
    assert Point.__slots__ == ("x", "y", "tag") and Point._defaults == {"tag": None}
    assert Cell.__slots__ == ("value", "note") and Cell._frozen is False and Point._frozen is True
    assert "x" not in Point.__dict__ or isinstance(Point.__dict__["x"], type(Cell.value))   # a slot descriptor
    with pytest.raises(TypeError, match="without a default follows"):
        class Bad(Record):
            a: int = 0
            b: int


def test_explicit_slots_still_work():
    class Legacy(Record):
        __slots__ = ("a", "b")
        _defaults = {"b": 2}
    assert Legacy(1) == Legacy(1, 2) and Legacy(1).b == 2 and hash(Legacy(1)) == hash((1, 2))
