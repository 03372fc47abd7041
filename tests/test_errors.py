"""The error contract of the binding layer and the command line (issue 12, item 5): every zk_err code of the
native core becomes a named ZkcredError subclass, never a raw code; internal failures exit 4, not 1 (INVALID)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from zkcred import cli, errors
from zkcred.bls12_381 import _ffi

HEADER = Path(__file__).resolve().parents[1] / "csrc" / "include" / "zkcred.h"


def _header_codes() -> dict[str, int]:
    """The zk_err enum as the public header spells it (an independent reading of the C side)."""
    body = re.search(r"typedef enum \{(.*?)\} zk_err;", HEADER.read_text(), re.S).group(1)
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(ZK_\w+)\s*=\s*(\d+)", body)}


def test_every_native_code_has_a_named_exception():
    codes = _header_codes()
    assert codes.pop("ZK_OK") == 0
    assert codes, "the zk_err enum was not found in the header"
    assert {v: k for k, v in codes.items()} == {code: name for code, (name, _c, _m) in _ffi.ERRORS.items()}
    for name, code in codes.items():
        exc = _ffi.native_error(code, "zk_something")
        assert isinstance(exc, errors.ZkcredError)
        assert type(exc) is not errors.ZkcredError                # a subclass with a name
        assert str(exc).startswith("zk_something: ") and not re.search(r"\d", str(exc).split(": ", 1)[1])
        with pytest.raises(type(exc)):
            _ffi.check(code, "zk_something")
    _ffi.check(0, "zk_something")                                  # ZK_OK: nothing


def test_internal_codes_are_internal_errors():
    with pytest.raises(errors.NativeArgumentError, match="argument outside the documented domain"):
        _ffi.check(_ffi.lib.ZK_ERR_ARGUMENT, "zk_fr_ntt")
    with pytest.raises(errors.NativeScratchError, match="scratch buffer too small"):
        _ffi.check(_ffi.lib.ZK_ERR_SCRATCH, "zk_fr_ntt")
    with pytest.raises(errors.DecodeError, match="not in the prime-order subgroup"):
        _ffi.check(_ffi.lib.ZK_ERR_NOT_IN_SUBGROUP, "G1")
    unknown = _ffi.native_error(999, "zk_x")
    assert type(unknown) is errors.InternalError and "999" in str(unknown)
    assert issubclass(errors.InternalError, RuntimeError) and not issubclass(errors.InternalError, ValueError)


def test_groth16_binding_raises_named_errors():
    """A native precondition broken through the binding surfaces as NativeArgumentError, not a code."""
    from zkcred.groth16 import _ntt
    dom = _ntt.Domain(2)
    a = _ntt.fr_array_from_le(_ntt.ints_to_le([1, 2, 3, 4, 5, 6, 7, 8]), 8)
    err = _ffi.lib.zk_fr_ntt(a, 8, 0, dom.buf, dom.nbytes, 1)       # the raw call: a bare code
    assert err == _ffi.lib.ZK_ERR_ARGUMENT
    with pytest.raises(ValueError, match="needs a domain"):         # the binding checks first
        _ntt.ntt([1] * 8, domain=dom)


def test_protocol_modules_do_not_call_the_native_library():
    """groth16/core.py and _proving_key.py reach C only through the binding module (_ntt)."""
    root = Path(__file__).resolve().parents[1] / "zkcred" / "groth16"
    for name in ("core.py", "_proving_key.py", "keys.py", "snarkjs.py"):
        text = (root / name).read_text()
        assert not re.search(r"\blib\.|\bffi\.|_ffi\b", text), name


@pytest.mark.parametrize("exc, code", [
    (errors.NativeArgumentError("zk_groth16_setup: internal error"), cli.EXIT_ERROR),
    (errors.InternalError("impossible state"), cli.EXIT_ERROR),
    (MemoryError(), cli.EXIT_ERROR),
    (errors.VerificationError("bad proof"), cli.EXIT_INVALID),
    (errors.DecodeError("bad file"), cli.EXIT_INPUT),
])
def test_cli_exit_codes(monkeypatch, capsys, exc, code):
    from zkcred.cli import groth16 as cli_groth16

    def boom(args):
        raise exc
    monkeypatch.setattr(cli_groth16, "cmd_verify", boom)
    assert cli.main(["groth16", "verify", "vk.json", "public.json", "proof.json"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_group_order_defined_once():
    """r is spelled out in one module of the package; the others import it."""
    root = Path(__file__).resolve().parents[1] / "zkcred"
    hits = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
            if re.search(r"0x73eda753299d7d48", p.read_text(), re.I)]
    assert hits == ["bls12_381/_fr.py"]
    from zkcred.bls12_381 import CURVE_ORDER
    from zkcred.circuit import builder, gadgets, poseidon
    from zkcred.groth16 import _ntt, keys
    assert builder.R is gadgets._R is poseidon.R is keys.R is _ntt.R is CURVE_ORDER
    # and it is the order of G1: r * G = identity, (r - 1) * G = -G (an independent check of the constant)
    from zkcred.bls12_381 import G1
    assert (G1.generator().mul_var(CURVE_ORDER - 1)) == -G1.generator()
