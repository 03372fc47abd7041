"""``zkcred groth16 ...``: snarkjs-compatible Groth16 commands (same argument order as ``snarkjs groth16``).

    zkcred groth16 prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>
    zkcred groth16 verify <verification_key.json> <public.json> <proof.json>      -> "OK", exit 0
    zkcred groth16 setup <circuit.r1cs> <circuit.zkey>        (development only: local toxic waste)
    zkcred groth16 export-vkey <circuit.zkey> <verification_key.json>
    zkcred groth16 export-solidity <verification_key.json> <Verifier.sol>   (EIP-2537; Groth16 or LegoGroth16 key)
    zkcred groth16 calldata <public.json> <proof.json>       -> verifyProof's arguments on stdout

Exit codes are the dispatcher's (zkcred.cli): 0 OK, 1 proof invalid, 3 malformed input, 4 other errors.
Progress goes to stderr (``-q`` silences it); results go to the files named, and "OK" to stdout.
"""
from __future__ import annotations

import argparse
import sys
import time

__all__ = ["COMMANDS", "register"]


def _threads(text: str) -> int:
    """``--threads``: an integer in [1, MAX_THREADS] (zkcred.groth16._ntt), else a usage error (exit 2)."""
    from ..groth16._ntt import MAX_THREADS
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_THREADS:
        raise argparse.ArgumentTypeError(f"expected an integer from 1 to {MAX_THREADS}, got {text[:40]!r}")
    return int(text)


def _progress(args: argparse.Namespace, msg: str) -> None:
    if not args.quiet:
        print(f"[zkcred groth16] {time.perf_counter() - args.t0:7.3f}s {msg}", file=sys.stderr, flush=True)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _map_bytes(path: str):
    """A read-only memory map of a large input (a .zkey is tens of MB): no copy, pages are read as the key's
    points are converted (in C, on every thread). Empty files are read normally (mmap refuses them)."""
    import mmap
    with open(path, "rb") as f:
        try:
            return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        except ValueError:
            return f.read()


def _read_json(path: str, what: str) -> object:
    """The JSON document in ``path``, decoded strictly (zkcred._json: depth, duplicate keys, NaN, UTF-8)."""
    from . import read_json
    return read_json(path, f"{path} ({what})")


def _write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def cmd_prove(args: argparse.Namespace) -> int:
    from ..groth16 import core, snarkjs
    _progress(args, f"reading {args.zkey}")
    pk = snarkjs.read_zkey(_map_bytes(args.zkey))
    _progress(args, f"reading {args.witness}")
    witness = snarkjs.read_wtns(_read_bytes(args.witness))
    _progress(args, f"loading the key ({pk.n_vars} wires, domain 2^{pk.log_n}): range and curve checks")
    pk.native()
    _progress(args, f"proving on {args.threads or 'all'} thread(s)")
    proof, public = core.prove(pk, witness, nthreads=args.threads)
    _write_text(args.proof, snarkjs.proof_to_json(proof))
    _write_text(args.public, snarkjs.public_to_json(public))
    _progress(args, f"wrote {args.proof} and {args.public}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..groth16 import core, snarkjs
    vk = snarkjs.read_vk_json(_read_json(args.vk, "verification key"))
    public = snarkjs.read_public_json(_read_json(args.public, "public signals"))
    proof = snarkjs.read_proof_json(_read_json(args.proof, "proof"))
    core.verify(vk, public, proof)      # raises VerificationError -> exit 1 with the reason
    print("OK")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from ..groth16 import core, snarkjs
    _progress(args, f"reading {args.r1cs}")
    r1cs = snarkjs.read_r1cs(_read_bytes(args.r1cs))
    _progress(args, f"setup for {len(r1cs.constraints)} constraints, {r1cs.n_wires} wires "
                    "(DEVELOPMENT ONLY: single-party toxic waste, wiped after use)")
    pk = core.setup(r1cs, nthreads=args.threads)
    with open(args.zkey, "wb") as f:
        f.write(snarkjs.write_zkey(pk))
    _progress(args, f"wrote {args.zkey}")
    return 0


def cmd_export_vkey(args: argparse.Namespace) -> int:
    from ..groth16 import snarkjs
    pk = snarkjs.read_zkey(_map_bytes(args.zkey))
    _write_text(args.vk, snarkjs.vk_to_json(pk.verifying_key()))
    _progress(args, f"wrote {args.vk}")
    return 0


def cmd_export_solidity(args: argparse.Namespace) -> int:
    from ..groth16 import snarkjs, solidity
    obj = _read_json(args.vk, "verification key")
    if isinstance(obj, dict) and obj.get("protocol") == "legogroth16":
        from ..groth16.lego import _vk_from_obj
        source = solidity.export_solidity(_vk_from_obj(obj))
    else:
        source = solidity.export_solidity(snarkjs.read_vk_json(obj))
    _write_text(args.sol, source)
    _progress(args, f"wrote {args.sol}")
    return 0


def cmd_calldata(args: argparse.Namespace) -> int:
    from ..groth16 import snarkjs, solidity
    public = snarkjs.read_public_json(_read_json(args.public, "public signals"))
    proof = snarkjs.read_proof_json(_read_json(args.proof, "proof"))
    print(solidity.calldata_text(proof, public))
    return 0


COMMANDS = ("prove", "verify", "setup", "export-vkey", "export-solidity", "calldata")


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred groth16 {prove,verify,setup,export-vkey,export-solidity,calldata}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "groth16", "Groth16 on BLS12-381, snarkjs-compatible files", None, COMMANDS,
                            only)

    def add(name: str, func, helptext: str, *positional: tuple[str, str]) -> None:
        sp = command(name, func, helptext)
        if sp is None:
            return
        for dest, h in positional:
            sp.add_argument(dest, help=h)
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
        sp.add_argument("-t", "--threads", type=_threads, default=None,
                        help="threads for the C kernels, 1 to 1024 "
                             "(default: ZKCRED_THREADS or every available CPU)")
        sp.set_defaults(t0=time.perf_counter())

    add("prove", cmd_prove, "prove from a .zkey and a .wtns (as `snarkjs groth16 prove`)",
        ("zkey", "circuit .zkey (Groth16, bls12381)"), ("witness", ".wtns witness"),
        ("proof", "proof.json to write"), ("public", "public.json to write"))
    add("verify", cmd_verify, "verify a proof (as `snarkjs groth16 verify`): prints OK, or exits 1 with the reason",
        ("vk", "verification_key.json"), ("public", "public.json"), ("proof", "proof.json"))
    add("setup", cmd_setup, "DEVELOPMENT-ONLY local trusted setup writing a snarkjs-compatible .zkey",
        ("r1cs", "circuit .r1cs"), ("zkey", ".zkey to write"))
    add("export-vkey", cmd_export_vkey, "write verification_key.json from a .zkey "
        "(as `snarkjs zkey export verificationkey`)", ("zkey", "circuit .zkey"), ("vk", "verification_key.json to write"))

    add("export-solidity", cmd_export_solidity, "write a Solidity verifier for the EIP-2537 precompiles (Groth16, or "
        "LegoGroth16 with its opening proof) from verification_key.json",
        ("vk", "verification_key.json (groth16 or legogroth16)"), ("sol", "Verifier.sol to write"))
    add("calldata", cmd_calldata, "print verifyProof's arguments for a Groth16 proof (as `snarkjs zkey export "
        "soliditycalldata`, in the EIP-2537 point encoding)", ("public", "public.json"), ("proof", "proof.json"))
