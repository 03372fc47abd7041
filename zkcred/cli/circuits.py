"""``zkcred circuits ...``: the credential predicate circuits as circom/snarkjs files.

    zkcred circuits r1cs <age_at_least|in_range|set_membership> <circuit.r1cs>
    zkcred circuits witness <age_at_least|in_range|set_membership> <input.json> <witness.wtns>

input.json (numbers as JSON integers or decimal strings, as circom's input files):
    age_at_least:   {"birth": days since 1970-01-01, "today": days, "min_age": years}
    in_range:       {"v": ..., "lo": ..., "hi": ...}
    set_membership: {"set": [elements...], "element": ...}   (the depth-20 tree is built from "set")
Then, for example: ``zkcred groth16 setup circuit.r1cs circuit.zkey`` (development only), ``zkcred groth16 prove
circuit.zkey witness.wtns proof.json public.json``, ``zkcred groth16 export-vkey ...``, ``... verify ...`` -- or the
same commands with snarkjs. The witness file is secret (it holds the private inputs).
Exit codes are the dispatcher's (zkcred.cli): 0 done, 2 usage, 3 malformed input or unreadable/unwritable file,
4 the inputs do not satisfy the predicate (the constraint named).
"""
from __future__ import annotations

import argparse
import sys

__all__ = ["COMMANDS", "register", "CIRCUITS", "inputs_from_json"]

CIRCUITS = ("age_at_least", "in_range", "set_membership")


def _modules() -> dict:
    from ..circuits import age_at_least, in_range, set_membership
    return {"age_at_least": age_at_least, "in_range": in_range, "set_membership": set_membership}


def _num(v: object, what: str) -> int:
    from ..errors import DecodeError
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise DecodeError(f"{what}: expected an integer or a decimal string")
    if isinstance(v, str) and not (v.isascii() and v.isdigit()):
        raise DecodeError(f"{what}: not a decimal integer (ASCII digits only, no sign or spaces)")
    return int(v)


def inputs_from_json(name: str, data: object) -> dict[str, object]:
    """The named witness inputs of circuit ``name`` from a circom-style input object."""
    from ..circuit import MerkleTree, UnsatisfiedError
    from ..errors import DecodeError
    age_at_least, in_range, set_membership = (_modules()[n] for n in CIRCUITS)
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
            return set_membership.inputs(tree, element)       # the path in constant-time C (the element is secret)
        except ValueError:
            raise UnsatisfiedError(-1, "set_membership: the element is not in the set") from None
    except KeyError as e:
        raise DecodeError(f"input.json: missing field {e.args[0]!r}") from None



def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
    print(f"wrote {path}", file=sys.stderr)


def cmd_r1cs(args: argparse.Namespace) -> int:
    from ..groth16 import snarkjs
    _write(args.out, snarkjs.write_r1cs(_modules()[args.circuit].circuit().to_r1cs()))
    return 0


def cmd_witness(args: argparse.Namespace) -> int:
    from ..circuit import UnsatisfiedError
    from ..errors import ZkcredError
    from ..groth16 import snarkjs
    from . import read_json
    data = read_json(args.input)
    circuit = _modules()[args.circuit].circuit()
    try:
        wtns = snarkjs.write_wtns(circuit.witness_bytes(inputs_from_json(args.circuit, data)))
    except UnsatisfiedError as e:
        raise ZkcredError(f"inputs do not satisfy {args.circuit}: {e}") from None
    _write(args.out, wtns)
    return 0


COMMANDS = ("r1cs", "witness")


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred circuits {r1cs,witness}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "circuits", "the predicate circuits as .r1cs/.wtns files", None, COMMANDS,
                            only)
    if sp := command("r1cs", cmd_r1cs, "write a circuit's .r1cs"):
        sp.add_argument("circuit", choices=CIRCUITS)
        sp.add_argument("out", help=".r1cs to write")
    if sp := command("witness", cmd_witness, "write a .wtns from input.json (the file is secret)"):
        sp.add_argument("circuit", choices=CIRCUITS)
        sp.add_argument("input", help="input.json")
        sp.add_argument("out", help=".wtns to write")
