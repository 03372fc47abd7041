"""snarkjs/circom file formats against real files made by circom2 + snarkjs (tests/fixtures/snarkjs)."""
import json
import struct

import pytest

from zkcred.errors import DecodeError
from zkcred.groth16 import core, snarkjs as sj
from zkcred.groth16._binfile import write_sections
from zkcred.groth16.keys import Q, R


def read(fix, name, mode="rb"):
    return open(fix / name, mode).read()


def test_r1cs_reads_circom_output_and_witness_satisfies_it(fix):
    r1cs = sj.read_r1cs(read(fix, "fixture.r1cs"))
    assert (r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in, r1cs.n_prv_in) == (33, 2, 2, 2)
    assert len(r1cs.constraints) == 29
    w = [int.from_bytes(b, "little") for b in (lambda d: [d[i:i + 32] for i in range(0, len(d), 32)])(
        sj.read_wtns(read(fix, "witness.wtns")))]
    assert len(w) == r1cs.n_wires and w[0] == 1
    ev = lambda lc: sum(c * w[i] for i, c in lc) % R
    for a, b, c in r1cs.constraints:
        assert ev(a) * ev(b) % R == ev(c)
    # public signals: outputs first, then public inputs (a=1000, b=7 from input.json)
    assert w[1:5] == [int(x) for x in json.loads(read(fix, "public.json", "r"))]
    assert w[3:5] == [1000, 7]
    bad = list(w)
    bad[5] += 1
    ev2 = lambda lc: sum(c * bad[i] for i, c in lc) % R
    assert any(ev2(a) * ev2(b) % R != ev2(c) for a, b, c in r1cs.constraints)
    assert sj.read_r1cs(sj.write_r1cs(r1cs)) == r1cs


def test_wtns_roundtrip_byte_exact(fix):
    data = read(fix, "witness.wtns")
    w = sj.read_wtns(data)
    assert sj.write_wtns(w) == data
    assert sj.write_wtns([int.from_bytes(w[i:i + 32], "little") for i in range(0, len(w), 32)]) == data


def test_zkey_roundtrip_and_section4_layout(fix):
    data = read(fix, "fixture.zkey")
    pk = sj.read_zkey(data)
    assert (pk.n_vars, pk.n_public, pk.domain_size) == (33, 4, 64)
    assert sj.write_zkey(pk) == data
    r1cs = sj.read_r1cs(read(fix, "fixture.r1cs"))
    assert core.qap_records(r1cs, with_c=False) == bytes(pk.coeffs)
    assert core.domain_size_for(len(r1cs.constraints), r1cs.n_public) == pk.domain_size
    assert pk.verifying_key() == sj.read_vk_json(read(fix, "verification_key.json", "r"))


def test_json_byte_exact(fix):
    for name, rd, wr in (("verification_key.json", sj.read_vk_json, sj.vk_to_json),
                         ("proof.json", sj.read_proof_json, sj.proof_to_json),
                         ("public.json", sj.read_public_json, sj.public_to_json)):
        text = read(fix, name, "r")
        assert wr(rd(text)) == text, name


def _mutate(obj, path, value):
    o = obj
    for k in path[:-1]:
        o = o[k]
    o[path[-1]] = value
    return obj


@pytest.mark.parametrize("path,value,match", [
    (("pi_a", 0), str(Q), "not < q"),
    (("pi_a", 0), "12", "G1"),                       # off the curve
    (("pi_a", 0), "0x12", "canonical decimal"),
    (("pi_a", 0), "012", "canonical decimal"),
    (("pi_b", 0, 0), "5", "G2"),
    (("curve",), "bn128", "not bls12381"),
    (("protocol",), "plonk", "not groth16"),
])
def test_proof_json_rejections(fix, path, value, match):
    obj = json.loads(read(fix, "proof.json", "r"))
    with pytest.raises(DecodeError, match=match):
        sj.read_proof_json(json.dumps(_mutate(obj, path, value)))


def test_proof_json_off_subgroup_point_rejected(fix):
    # (x, y) on E(Fp) but outside the order-r subgroup: x = 0 gives y^2 = 4, y = 2 (the subgroup has no such point)
    obj = json.loads(read(fix, "proof.json", "r"))
    obj["pi_c"] = ["0", "2", "1"]
    with pytest.raises(DecodeError, match="subgroup"):
        sj.read_proof_json(json.dumps(obj))


def test_proof_json_jacobian_and_infinity(fix):
    """One spelling per point (issue 12): the Jacobian form of the same point with Z = 7 is refused."""
    pr = sj.read_proof_json(read(fix, "proof.json", "r"))
    x, y = pr.a.affine()
    z = 7
    obj = json.loads(read(fix, "proof.json", "r"))
    obj["pi_a"] = [str(x * z * z % Q), str(y * z ** 3 % Q), str(z)]
    with pytest.raises(DecodeError, match='affine point has z = "1"'):
        sj.read_proof_json(json.dumps(obj))
    obj["pi_a"] = ["0", "1", "0"]
    assert sj.read_proof_json(json.dumps(obj)).a.is_identity()


def test_public_json_rejections():
    assert sj.read_public_json('["0", "1"]') == [0, 1]
    with pytest.raises(DecodeError, match="not < r"):
        sj.read_public_json(json.dumps([str(R)]))
    with pytest.raises(DecodeError, match="decimal"):
        sj.read_public_json('["-1"]')
    with pytest.raises(DecodeError, match="decimal"):
        sj.read_public_json('[1]')
    with pytest.raises(DecodeError, match="JSON array"):
        sj.read_public_json('{"a": 1}')
    with pytest.raises(DecodeError, match="not valid JSON"):
        sj.read_public_json('[')


def test_vk_json_rejections(fix):
    obj = json.loads(read(fix, "verification_key.json", "r"))
    with pytest.raises(DecodeError, match="nPublic"):
        sj.read_vk_json(json.dumps(dict(obj, nPublic=3)))
    with pytest.raises(DecodeError, match="vk_delta_2 is missing"):
        sj.read_vk_json(json.dumps({k: v for k, v in obj.items() if k != "vk_delta_2"}))
    assert sj.read_vk_json(json.dumps(dict(obj, curve="BLS12-381"))) == sj.read_vk_json(json.dumps(obj))


def test_container_rejections(fix):
    data = read(fix, "witness.wtns")
    with pytest.raises(DecodeError, match="magic"):
        sj.read_wtns(b"wtnx" + data[4:])
    with pytest.raises(DecodeError, match="version 3"):
        sj.read_wtns(data[:4] + struct.pack("<I", 3) + data[8:])
    with pytest.raises(DecodeError, match="trailing"):
        sj.read_wtns(data + b"\0")
    with pytest.raises(DecodeError, match="past the end"):
        sj.read_wtns(data[:-1])
    hdr = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack("<I", 1)
    with pytest.raises(DecodeError, match="appears twice"):
        sj.read_wtns(write_sections(b"wtns", 2, [(1, hdr), (1, hdr), (2, (1).to_bytes(32, "little"))]))
    bn = struct.pack("<I", 32) + (R - 2).to_bytes(32, "little") + struct.pack("<I", 1)
    with pytest.raises(DecodeError, match="scalar field"):
        sj.read_wtns(write_sections(b"wtns", 2, [(1, bn), (2, (1).to_bytes(32, "little"))]))
    with pytest.raises(DecodeError, match="section 2 is missing"):
        sj.read_wtns(write_sections(b"wtns", 2, [(1, hdr)]))


def test_zkey_rejections(fix):
    data = read(fix, "fixture.zkey")
    pk = sj.read_zkey(data)
    # a point off the curve in section A: import (range + curve check) names it
    a = bytearray(pk.a)
    a[96 * 3] ^= 1
    bad = sj.read_zkey(sj.write_zkey(_replace(pk, a=bytes(a))))
    with pytest.raises(DecodeError, match="section A: point 3 is not on the curve"):
        bad.native()
    h = bytearray(pk.h)
    h[0:48] = (Q + 1).to_bytes(48, "little")
    with pytest.raises(DecodeError, match="section H: point 0 has a coordinate >= p"):
        sj.read_zkey(sj.write_zkey(_replace(pk, h=bytes(h)))).native()
    with pytest.raises(DecodeError, match="section C has"):
        _replace(pk, c=bytes(pk.c)[:-1])
    proto2 = data.replace(struct.pack("<IQI", 1, 4, 1), struct.pack("<IQI", 1, 4, 2), 1)
    with pytest.raises(DecodeError, match="not Groth16"):
        sj.read_zkey(proto2)


def _replace(pk, **kw):
    import dataclasses
    return dataclasses.replace(pk, _native=None, **kw)
