"""Every count read from a .r1cs, .wtns or .zkey is checked against the bytes that must hold what it counts,
before anything is allocated (issue 12, item 7: a 4.4 KB .r1cs made `groth16 setup` allocate > 48 GB)."""
from __future__ import annotations

import struct

import pytest

from zkcred.bls12_381 import CURVE_ORDER as R
from zkcred.cli import EXIT_INPUT, main
from zkcred.errors import DecodeError
from zkcred.groth16 import core
from zkcred.groth16 import snarkjs as sj
from zkcred.groth16._binfile import write_sections
from zkcred.groth16.r1cs import R1CS

BIG = 2**32 - 1


def _r1cs(n_wires: int, n_pub_out: int, n_pub_in: int, n_prv_in: int, n_constraints: int, body: bytes,
          labels: bytes | None) -> bytes:
    hdr = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack(
        "<IIIIQI", n_wires, n_pub_out, n_pub_in, n_prv_in, n_wires, n_constraints)
    secs = [(1, hdr), (2, body)] + ([(3, labels)] if labels is not None else [])
    return write_sections(b"r1cs", 1, secs)


def _one_constraint() -> bytes:
    """w1 * w1 = w2 (three linear combinations of one term each)."""
    term = lambda w: struct.pack("<I", 1) + struct.pack("<I", w) + (1).to_bytes(32, "little")  # noqa: E731
    return term(1) + term(1) + term(2)


def test_huge_wire_count_without_label_map(tmp_path, capsys, monkeypatch):
    data = _r1cs(BIG, 0, 1, BIG - 2, 1, _one_constraint(), None)
    assert len(data) < 4500
    with pytest.raises(DecodeError, match="no wire-to-label map"):
        sj.read_r1cs(data)
    path = tmp_path / "evil.r1cs"
    path.write_bytes(data)

    def no_setup(*a, **k):
        raise AssertionError("setup reached with an unchecked header")
    monkeypatch.setattr(core, "setup", no_setup)
    assert main(["groth16", "setup", "-q", str(path), str(tmp_path / "out.zkey")]) == EXIT_INPUT
    assert "nWires" in capsys.readouterr().err


def test_wire_count_against_label_map():
    with pytest.raises(DecodeError, match="wire-to-label map: 24 bytes for nWires = 4294967295"):
        sj.read_r1cs(_r1cs(BIG, 0, 1, 1, 1, _one_constraint(), struct.pack("<3Q", 0, 1, 2)))
    ok = sj.read_r1cs(_r1cs(3, 0, 1, 1, 1, _one_constraint(), struct.pack("<3Q", 0, 1, 2)))
    assert ok.n_wires == 3 and ok.labels == [0, 1, 2]
    # without the map, wires up to what the constraints can reference are fine
    assert sj.read_r1cs(_r1cs(3, 0, 1, 1, 1, _one_constraint(), None)).n_wires == 3


def test_huge_constraint_count():
    with pytest.raises(DecodeError, match="4294967295 constraints cannot fit in a 120-byte section 2"):
        sj.read_r1cs(_r1cs(3, 0, 1, 1, BIG, _one_constraint(), struct.pack("<3Q", 0, 1, 2)))


def test_setup_refuses_a_domain_beyond_2_28_before_allocating():
    r1cs = R1CS(n_wires=2**29, n_pub_out=0, n_pub_in=2**29 - 1, n_prv_in=0, constraints=[])
    with pytest.raises(DecodeError, match="domain of 2\\^29"):
        core.setup(r1cs)


def test_wtns_count_against_section(fix):
    hdr = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack("<I", BIG)
    with pytest.raises(DecodeError, match="expected 4294967295 x 32"):
        sj.read_wtns(write_sections(b"wtns", 2, [(1, hdr), (2, (1).to_bytes(32, "little"))]))


def test_zkey_counts_against_sections(fix):
    data = (fix / "fixture.zkey").read_bytes()
    pk = sj.read_zkey(data)
    hdr_at = data.index(struct.pack("<III", pk.n_vars, pk.n_public, pk.domain_size))
    for fields, rule in (((BIG, pk.n_public, pk.domain_size), "section IC|section A"),
                         ((pk.n_vars, pk.n_public, 2**28), "section H has"),
                         ((pk.n_vars, pk.n_public, 2**31), "domain size"),
                         ((pk.n_vars, BIG - 1, pk.domain_size), "section IC has|nPublic")):
        evil = data[:hdr_at] + struct.pack("<III", *fields) + data[hdr_at + 12:]
        with pytest.raises(DecodeError, match=rule):
            sj.read_zkey(evil)
    co_at = data.index(struct.pack("<IQ", 4, len(pk.coeffs) + 4))
    evil = data[:co_at + 12] + struct.pack("<I", BIG) + data[co_at + 16:]
    with pytest.raises(DecodeError, match="zkey section 4"):
        sj.read_zkey(evil)
