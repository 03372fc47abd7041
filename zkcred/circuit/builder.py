"""The circuit builder: wires, linear combinations, rank-1 constraints and the witness program.

A :class:`Circuit` is built once (its structure is public) and then asked for witnesses (secret)::

    c = Circuit("square")
    x = c.private_input("x")
    y = c.public_input("y")
    c.assert_eq(x * x, y)             # ``x * x`` is one constraint x * x = w on a fresh wire w
    r1cs = c.to_r1cs()                # zkcred.groth16.r1cs.R1CS, wires in circom order
    w = c.witness(x=3, y=9)           # runs the witness program, then checks every constraint
    w.to_bytes(); w.public_inputs()   # .wtns-style bytes (secret) and [9] (public)

Wire order on export follows circom: 0 = ONE, public outputs, public inputs, private inputs, internal wires.
Inside the builder wires are numbered in creation order and renumbered by :meth:`Circuit.to_r1cs`.

Witness values are :class:`zkcred.bls12_381.Fr` (constant-time C arithmetic); the witness program never branches
on them. Coefficients and constants are public Python ints in [0, r).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Union, overload

from zkcred.bls12_381 import CURVE_ORDER, Fr
from zkcred.errors import DecodeError, ZkcredError
from zkcred.groth16.r1cs import R1CS

from .gadgets import Gadgets

__all__ = ["Circuit", "LC", "Operand", "Witness", "CircuitError", "UnsatisfiedError", "R", "ONE_WIRE"]

#: The BLS12-381 scalar field order r: every wire value and coefficient lives in Z/rZ.
R = CURVE_ORDER

ONE_WIRE = 0
_KIND_ORDER = {"one": 0, "out": 1, "pub": 2, "prv": 3, "int": 4}


class CircuitError(ZkcredError):
    """The circuit was used wrongly: a bad input name or count, a gadget misused, a constant assertion false."""


class UnsatisfiedError(CircuitError):
    """The inputs do not satisfy the circuit; ``index`` and ``label`` name the first failing constraint.

    The message names the constraint (its index and the gadget label that created it), never a wire value.
    """

    def __init__(self, index: int, label: str) -> None:
        super().__init__(f"constraint #{index} is not satisfied: {label}")
        self.index = index
        self.label = label


class LC:
    """A linear combination sum(coeff * wire) over Fr; wire 0 is the constant ONE.

    ``+``, ``-`` and scaling by ints build new combinations for free; ``lc * lc`` (when neither side is a
    constant) adds one multiplication constraint to the circuit and returns its output wire.
    """

    __slots__ = ("circuit", "terms")

    def __init__(self, circuit: "Circuit", terms: dict[int, int]) -> None:
        self.circuit = circuit
        self.terms = terms   # wire -> coefficient in [1, r); never holds a zero coefficient

    # -- inspection -------------------------------------------------------------------------------------------
    def is_constant(self) -> bool:
        """True when the combination uses no wire other than ONE."""
        return all(w == ONE_WIRE for w in self.terms)

    def constant_value(self) -> int:
        """The value of a constant combination (raises CircuitError otherwise)."""
        if not self.is_constant():
            raise CircuitError("linear combination is not a constant")
        return self.terms.get(ONE_WIRE, 0)

    # -- arithmetic -------------------------------------------------------------------------------------------
    def _coerce(self, other: "Operand") -> "LC":
        if isinstance(other, LC):
            if other.circuit is not self.circuit:
                raise CircuitError("cannot mix linear combinations of two different circuits")
            return other
        return self.circuit.constant(other)

    def __add__(self, other: "Operand") -> "LC":
        o = self._coerce(other)
        terms = dict(self.terms)
        for w, c in o.terms.items():
            v = (terms.get(w, 0) + c) % R
            if v:
                terms[w] = v
            else:
                terms.pop(w, None)
        return LC(self.circuit, terms)

    __radd__ = __add__

    def __neg__(self) -> "LC":
        return LC(self.circuit, {w: R - c for w, c in self.terms.items()})

    def __sub__(self, other: "Operand") -> "LC":
        return self + (-self._coerce(other))

    def __rsub__(self, other: "Operand") -> "LC":
        return self._coerce(other) + (-self)

    def scale(self, k: int) -> "LC":
        """k * self for a public int k (no constraint)."""
        k %= R
        if k == 0:
            return LC(self.circuit, {})
        return LC(self.circuit, {w: c * k % R for w, c in self.terms.items()})

    def __mul__(self, other: "Operand") -> "LC":
        if isinstance(other, int):
            return self.scale(other)
        return self.circuit.mul(self, other)

    def __rmul__(self, other: "Operand") -> "LC":
        if isinstance(other, int):
            return self.scale(other)
        return self.circuit.mul(other, self)

    def __repr__(self) -> str:
        return f"LC({len(self.terms)} terms)"


Operand = Union[LC, int]


class Witness:
    """A satisfying assignment in export (circom) wire order. Secret: it prints no values."""

    __slots__ = ("_values", "_n_public")

    def __init__(self, values: list[Fr], n_public: int) -> None:
        self._values = values
        self._n_public = n_public

    def __len__(self) -> int:
        return len(self._values)

    def to_bytes(self) -> bytes:
        """n_wires x 32-byte little-endian canonical scalars (the .wtns section-2 layout), w[0] = 1."""
        return b"".join(v.to_bytes()[::-1] for v in self._values)

    def public_inputs(self) -> list[int]:
        """The public signals (outputs, then inputs) in wire order, ONE excluded: Groth16's public inputs."""
        return [int(v) for v in self._values[1:1 + self._n_public]]

    def __repr__(self) -> str:
        return f"Witness({len(self._values)} wires, {self._n_public} public)"


class _Step:
    """One instruction of the witness program: compute the wires ``outs`` from the values of ``ins``."""

    __slots__ = ("outs", "fn", "ins", "label")

    def __init__(self, outs: tuple[int, ...], fn: Callable[..., Sequence[Fr]], ins: tuple[dict[int, int], ...],
                 label: str) -> None:
        self.outs, self.fn, self.ins, self.label = outs, fn, ins, label


class Circuit(Gadgets):
    """A rank-1 constraint system under construction, with the program that computes its witness."""

    def __init__(self, name: str = "circuit") -> None:
        self.name = name
        self._kinds: list[str] = ["one"]
        self._wire_names: list[str] = ["one"]
        self._inputs: dict[str, tuple[str, list[int]]] = {}   # name -> (kind, wires); insertion ordered
        self._constraints: list[tuple[dict[int, int], dict[int, int], dict[int, int]]] = []
        self._labels: list[str] = []
        self._by_construction: set[int] = set()   # constraints a * b = w where the program sets w := a * b
        self._steps: list[_Step] = []
        self._scope: list[str] = []
        self._frozen_r1cs: R1CS | None = None
        self._coef_fr: dict[int, Fr] = {}   # public coefficient -> Fr, kept across witnesses
        self._bool_flags: tuple[R1CS, bytes] | None = None   # (the R1CS they were read from, boolean_wires())

    # -- wires and inputs ----------------------------------------------------------------------------------------
    @property
    def one(self) -> LC:
        """The constant 1 as a linear combination."""
        return LC(self, {ONE_WIRE: 1})

    def constant(self, value: int) -> LC:
        """A public constant as a linear combination (no wire, no constraint)."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise CircuitError(f"expected an int or a linear combination, got {type(value).__name__}")
        v = value % R
        return LC(self, {ONE_WIRE: v} if v else {})

    def _new_wire(self, kind: str, name: str) -> int:
        self._frozen_r1cs = None
        self._kinds.append(kind)
        self._wire_names.append(name)
        return len(self._kinds) - 1

    def _input(self, kind: str, name: str, n: int | None) -> LC | list[LC]:
        if name in self._inputs:
            raise CircuitError(f"input {name!r} is declared twice")
        count = 1 if n is None else n
        if count < 0:
            raise CircuitError(f"input {name!r}: negative length")
        wires = [self._new_wire(kind, name if n is None else f"{name}[{i}]") for i in range(count)]
        self._inputs[name] = (kind, wires)
        lcs = [LC(self, {w: 1}) for w in wires]
        return lcs[0] if n is None else lcs

    @overload
    def public_input(self, name: str) -> LC: ...
    @overload
    def public_input(self, name: str, n: int) -> list[LC]: ...

    def public_input(self, name: str, n: int | None = None) -> LC | list[LC]:
        """Declare a public input (or an array of ``n`` of them, named ``name[i]``)."""
        return self._input("pub", name, n)

    @overload
    def private_input(self, name: str) -> LC: ...
    @overload
    def private_input(self, name: str, n: int) -> list[LC]: ...

    def private_input(self, name: str, n: int | None = None) -> LC | list[LC]:
        """Declare a private (secret) input (or an array of ``n`` of them)."""
        return self._input("prv", name, n)

    def public_output(self, name: str, value: Operand) -> LC:
        """Expose ``value`` as a public output wire (one constraint: value * 1 = out)."""
        lc = self._lc(value)
        w = self._new_wire("out", name)
        self._steps.append(_Step((w,), lambda v: (v,), (lc.terms,), f"output {name}"))
        self.constrain(lc, self.one, LC(self, {w: 1}), f"output {name}")
        return LC(self, {w: 1})

    def hint(self, n_out: int, fn: Callable[..., Sequence[Fr]], *ins: Operand, label: str = "hint") -> list[LC]:
        """``n_out`` fresh internal wires computed by ``fn(*values of ins) -> [Fr] * n_out``.

        The wires are NOT constrained: the caller (a gadget) must constrain them. ``fn`` receives and returns
        Fr values and must not branch on them (they may be secret).
        """
        lcs = tuple(self._lc(x) for x in ins)
        full = self._label(label)
        outs = tuple(self._new_wire("int", f"{full}#{i}") for i in range(n_out))
        self._steps.append(_Step(outs, fn, tuple(lc.terms for lc in lcs), full))
        return [LC(self, {w: 1}) for w in outs]

    # -- for gadgets that compute many wires in one witness step (zkcred.circuit.poseidon) ---------------------------
    def _wire(self, label: str) -> LC:
        """A fresh internal wire with no witness step yet: the caller must cover it with :meth:`_add_step` before
        anything else is added to the circuit."""
        return LC(self, {self._new_wire("int", self._label(label)): 1})

    def _add_step(self, outs: Sequence[LC], fn: Callable[..., Sequence[Fr]], ins: Sequence[LC], label: str) -> None:
        """One witness step computing the single-wire combinations ``outs`` from the values of ``ins``."""
        wires = []
        for o in outs:
            (w, coef), = o.terms.items()
            assert coef == 1 and self._kinds[w] == "int"
            wires.append(w)
        self._steps.append(_Step(tuple(wires), fn, tuple(x.terms for x in ins), self._label(label)))

    def _constrain_by_construction(self, a: LC, b: LC, c: LC, label: str) -> None:
        """Add a * b = c where the witness step that sets c computes exactly a * b (so checking it again at witness
        time is skipped; tests check such constraints on raw witnesses)."""
        n = len(self._constraints)
        self.constrain(a, b, c, label)
        if len(self._constraints) > n:
            self._by_construction.add(n)

    # -- constraints ---------------------------------------------------------------------------------------------
    def _lc(self, x: Operand) -> LC:
        if isinstance(x, LC):
            if x.circuit is not self:
                raise CircuitError("linear combination belongs to another circuit")
            return x
        return self.constant(x)

    def _label(self, label: str) -> str:
        return "/".join([self.name, *self._scope, label])

    @contextlib.contextmanager
    def scope(self, name: str) -> Iterator[None]:
        """Prefix the labels of constraints created inside the block with ``name/`` (gadget names)."""
        self._scope.append(name)
        try:
            yield
        finally:
            self._scope.pop()

    def constrain(self, a: Operand, b: Operand, c: Operand, label: str = "constraint") -> None:
        """Add the raw constraint <a> * <b> = <c>."""
        la, lb, lc = self._lc(a), self._lc(b), self._lc(c)
        if la.is_constant() and lb.is_constant() and lc.is_constant():
            if la.constant_value() * lb.constant_value() % R != lc.constant_value():
                raise CircuitError(f"constant constraint is false: {self._label(label)}")
            return
        self._frozen_r1cs = None
        self._constraints.append((la.terms, lb.terms, lc.terms))
        self._labels.append(self._label(label))

    def mul(self, a: Operand, b: Operand, label: str = "mul") -> LC:
        """a * b. One constraint a * b = w on a fresh wire w, or none when one side is a constant."""
        la, lb = self._lc(a), self._lc(b)
        if la.is_constant():
            return lb.scale(la.constant_value())
        if lb.is_constant():
            return la.scale(lb.constant_value())
        full = self._label(label)
        w = self._new_wire("int", full)
        self._steps.append(_Step((w,), lambda x, y: (x * y,), (la.terms, lb.terms), full))
        out = LC(self, {w: 1})
        self._constrain_by_construction(la, lb, out, label)
        return out

    def assert_eq(self, a: Operand, b: Operand, label: str = "assert_eq") -> None:
        """Constrain a == b: (a - b) * 1 = 0."""
        self.constrain(self._lc(a) - self._lc(b), self.one, 0, label)

    def assert_zero(self, a: Operand, label: str = "assert_zero") -> None:
        """Constrain a == 0."""
        self.assert_eq(a, 0, label)

    def assert_bool(self, a: Operand, label: str = "assert_bool") -> None:
        """Constrain a to be 0 or 1: a * (a - 1) = 0."""
        la = self._lc(a)
        self.constrain(la, la - 1, 0, label)

    # -- export ----------------------------------------------------------------------------------------------------
    @property
    def n_constraints(self) -> int:
        return len(self._constraints)

    @property
    def n_wires(self) -> int:
        return len(self._kinds)

    @property
    def labels(self) -> list[str]:
        """Constraint labels, in constraint order."""
        return list(self._labels)

    def _order(self) -> list[int]:
        """Builder wire ids in export order (stable within each kind)."""
        return sorted(range(len(self._kinds)), key=lambda w: (_KIND_ORDER[self._kinds[w]], w))

    def wire_names(self) -> list[str]:
        """Wire names in export order (``one``, outputs, inputs, then internal wires by creating gadget)."""
        return [self._wire_names[w] for w in self._order()]

    def public_names(self) -> list[str]:
        """Names of the public signals in wire order (outputs, then public inputs; ONE excluded)."""
        return [self._wire_names[w] for w in self._order() if self._kinds[w] in ("out", "pub")]

    def wire_index(self, name: str) -> int:
        """Export index of the first wire of input/output ``name`` (``name[i]`` for array elements)."""
        names = self.wire_names()
        for cand in (name, f"{name}[0]"):
            if cand in names:
                return names.index(cand)
        raise CircuitError(f"no wire named {name!r}")

    def to_r1cs(self) -> R1CS:
        """The constraint system in circom wire order (0 = ONE, outputs, public inputs, private inputs, internal)."""
        if self._frozen_r1cs is not None:
            return self._frozen_r1cs
        order = self._order()
        pos = [0] * len(order)
        for new, old in enumerate(order):
            pos[old] = new

        def remap(terms: dict[int, int]) -> list[tuple[int, int]]:
            return sorted((pos[w], c) for w, c in terms.items())

        counts = {k: self._kinds.count(k) for k in ("out", "pub", "prv")}
        self._frozen_r1cs = R1CS(
            n_wires=len(order), n_pub_out=counts["out"], n_pub_in=counts["pub"], n_prv_in=counts["prv"],
            constraints=[(remap(a), remap(b), remap(c)) for a, b, c in self._constraints],
            labels=list(range(len(order))))
        return self._frozen_r1cs

    def boolean_wires(self) -> bytes:
        """One public byte per wire in export (circom) order: 1 when a constraint of the circuit forces the wire to
        be 0 or 1, else 0 -- the ``boolean_wires`` flags of the prover that is constant time in the witness
        (``zkcred.groth16.core.prove_points``). Read off the exported constraints, not the gadgets that made them:
        a wire w is boolean when a row reads (alpha w + ga) * (beta w + gb) = 0 (alpha, beta != 0, nothing else
        in A, B or C) whose two roots -ga/alpha and -gb/beta are 0 and 1 -- ``assert_bool``'s w * (w - 1) = 0 in
        any scaling or order. ONE (wire 0) is never flagged. Computed once per exported R1CS (cached with it)."""
        r1cs = self.to_r1cs()
        if self._bool_flags is not None and self._bool_flags[0] is r1cs:
            return self._bool_flags[1]
        flags = bytearray(r1cs.n_wires)
        for a, b, c in r1cs.constraints:
            if any(k % R for _, k in c):
                continue
            ra, rb = _single_root(a), _single_root(b)
            if ra is not None and rb is not None and ra[0] == rb[0] and {ra[1], rb[1]} == {0, 1}:
                flags[ra[0]] = 1
        out = bytes(flags)
        self._bool_flags = (r1cs, out)
        return out

    # -- witness -----------------------------------------------------------------------------------------------------
    def witness(self, inputs: Mapping[str, object] | None = None, /, **kwargs: object) -> Witness:
        """Compute the full witness from the inputs (by name; arrays as sequences) and check every constraint.

        Values are Fr or ints in (-r, r) (negative ints are taken mod r). Raises CircuitError for a missing,
        unknown or mis-sized input, DecodeError for a value out of range, and UnsatisfiedError naming the first
        failing constraint (index and gadget label, no values) when the inputs do not satisfy the circuit: no
        witness is ever returned for an unsatisfied circuit.
        """
        values, ev = self._compute(inputs, kwargs)
        skip = self._by_construction
        for i, (a, b, c) in enumerate(self._constraints):
            if i in skip:      # w := a * b by the program itself (the tests check these on the raw witness too)
                continue
            if not ev(a) * ev(b) == ev(c):
                raise UnsatisfiedError(i, self._labels[i])
        n_public = sum(1 for k in self._kinds if k in ("out", "pub"))
        return Witness([values[w] for w in self._order()], n_public)

    def _unchecked_values(self, inputs: Mapping[str, object] | None = None, /, **kwargs: object) -> list[Fr]:
        """The witness program's output in export order WITHOUT checking the constraints.

        For soundness tests only (they forge wires of it and check the R1CS on the raw values).
        """
        values, _ = self._compute(inputs, kwargs)
        return [values[w] for w in self._order()]

    def _compute(self, inputs: Mapping[str, object] | None, kwargs: Mapping[str, object]
                 ) -> tuple[list[Fr], Callable[[dict[int, int]], Fr]]:
        given: dict[str, object] = dict(inputs or {})
        given.update(kwargs)
        values: list[Fr] = [Fr(0)] * len(self._kinds)
        values[ONE_WIRE] = Fr(1)
        for name, (_kind, wires) in self._inputs.items():
            if name not in given:
                raise CircuitError(f"missing input {name!r}")
            v = given.pop(name)
            if len(wires) == 1 and not isinstance(v, (list, tuple)):
                items = [v]
            elif isinstance(v, (list, tuple)):
                items = list(v)
            else:
                raise CircuitError(f"input {name!r} expects a sequence of {len(wires)} values")
            if len(items) != len(wires):
                raise CircuitError(f"input {name!r} expects {len(wires)} values, got {len(items)}")
            for w, item in zip(wires, items):
                values[w] = _to_fr(item, name)
        if given:
            raise CircuitError(f"unknown input {sorted(given)[0]!r}")

        coef = self._coef_fr
        memo: dict[int, Fr] = {}   # id(terms) -> value; a combination object is shared by a step and its constraint

        def ev(terms: dict[int, int]) -> Fr:
            key = id(terms)
            hit = memo.get(key)
            if hit is not None:
                return hit
            acc = Fr(0)
            for w, c in terms.items():
                v = values[w]
                if c != 1:
                    f = coef.get(c)
                    if f is None:
                        f = coef[c] = Fr(c)
                    v = v * f
                acc = acc + v
            memo[key] = acc
            return acc

        for step in self._steps:
            out = step.fn(*(ev(t) for t in step.ins))
            if len(out) != len(step.outs):
                raise CircuitError(f"witness step {step.label} returned {len(out)} values, wants {len(step.outs)}")
            for w, v in zip(step.outs, out):
                values[w] = v
        return values, ev

    def witness_bytes(self, inputs: Mapping[str, object] | None = None, /, **kwargs: object) -> bytes:
        """``witness(...).to_bytes()``: the .wtns-layout witness (secret)."""
        return self.witness(inputs, **kwargs).to_bytes()

    def public_inputs(self, inputs: Mapping[str, object] | None = None, /, **kwargs: object) -> list[int]:
        """``witness(...).public_inputs()``: the public signals in wire order, ONE excluded."""
        return self.witness(inputs, **kwargs).public_inputs()

    def __repr__(self) -> str:
        return f"Circuit({self.name!r}, {self.n_wires} wires, {self.n_constraints} constraints)"


def _single_root(terms: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(w, root) when the exported linear combination ``terms`` is alpha w + g (alpha != 0, w not ONE, g on ONE or
    absent), root = -g / alpha: the one value of w that makes it zero; else None."""
    lin = [(w, k % R) for w, k in terms if k % R]
    const = sum(k for w, k in lin if w == ONE_WIRE) % R
    var = [(w, k) for w, k in lin if w != ONE_WIRE]
    if len(var) != 1:
        return None
    w, alpha = var[0]
    return w, (-const * pow(alpha, -1, R)) % R


def _to_fr(v: object, name: str) -> Fr:
    if isinstance(v, Fr):
        return v
    if isinstance(v, bool) or not isinstance(v, int):
        raise DecodeError(f"input {name!r}: expected an int or Fr, got {type(v).__name__}")
    if not -R < v < R:
        raise DecodeError(f"input {name!r}: not a scalar (ints must lie in (-r, r))")
    return Fr(v % R)
