"""Write the predicate circuits and their witnesses as circom/snarkjs files, for the drop-in CLI or snarkjs.

    python -m circuits r1cs <age_at_least|in_range|set_membership> <circuit.r1cs>
    python -m circuits witness <age_at_least|in_range|set_membership> <input.json> <witness.wtns>

input.json (numbers as JSON integers or decimal strings, as circom's input files):
    age_at_least:   {"birth": days since 1970-01-01, "today": days, "min_age": years}
    in_range:       {"v": ..., "lo": ..., "hi": ...}
    set_membership: {"set": [elements...], "element": ...}   (the depth-20 tree is built from "set")
Then, for example: ``zkcred groth16 setup circuit.r1cs circuit.zkey`` (development only), ``zkcred groth16 prove
circuit.zkey witness.wtns proof.json public.json``, ``zkcred groth16 export-vkey ...``, ``... verify ...`` — or the
same commands with snarkjs. The witness file is secret (it holds the private inputs).
Exit codes: 0 done, 2 usage, 3 malformed input, 4 the inputs do not satisfy the predicate (the constraint named).
"""
from __future__ import annotations

import json
import sys

from zkcred.circuit import CircuitError, MerkleTree, UnsatisfiedError
from zkcred.errors import DecodeError
from zkcred.groth16 import snarkjs

from . import age_at_least, in_range, set_membership

MODULES = {"age_at_least": age_at_least, "in_range": in_range, "set_membership": set_membership}


def _num(v: object, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise DecodeError(f"{what}: expected an integer or a decimal string")
    try:
        return int(v)
    except ValueError:
        raise DecodeError(f"{what}: not a decimal integer") from None


def inputs_from_json(name: str, data: object) -> dict[str, object]:
    """The named witness inputs of circuit ``name`` from a circom-style input object."""
    if not isinstance(data, dict):
        raise DecodeError("input.json: expected a JSON object")
    try:
        if name == "age_at_least":
            return age_at_least.inputs(_num(data["birth"], "birth"), _num(data["today"], "today"),
                                       _num(data["min_age"], "min_age"))
        if name == "in_range":
            return in_range.inputs(_num(data["v"], "v"), _num(data["lo"], "lo"), _num(data["hi"], "hi"))
        elements = data["set"]
        if not isinstance(elements, list):
            raise DecodeError("set: expected a JSON array")
        tree = MerkleTree([_num(e, "set element") for e in elements], depth=set_membership.DEPTH)
        element = _num(data["element"], "element")
        try:
            index = tree.index_of(element)
        except ValueError:
            raise UnsatisfiedError(-1, "set_membership: the element is not in the set") from None
        return set_membership.inputs(tree, element, index)
    except KeyError as e:
        raise DecodeError(f"input.json: missing field {e.args[0]!r}") from None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3 or args[0] not in ("r1cs", "witness") or args[1] not in MODULES or \
            len(args) != (3 if args[0] == "r1cs" else 4):
        print(__doc__, file=sys.stderr)
        return 2
    circuit = MODULES[args[1]].circuit()
    try:
        if args[0] == "r1cs":
            data = snarkjs.write_r1cs(circuit.to_r1cs())
            out = args[2]
        else:
            with open(args[2], encoding="utf-8") as f:
                data = snarkjs.write_wtns(circuit.witness_bytes(inputs_from_json(args[1], json.load(f))))
            out = args[3]
    except UnsatisfiedError as e:
        print(f"error: inputs do not satisfy {args[1]}: {e}", file=sys.stderr)
        return 4
    except (DecodeError, CircuitError, json.JSONDecodeError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
