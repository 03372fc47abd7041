"""Smoke test, never skipped or deselected: the native core imports, and the value layer is wired to it."""
from zkcred.bls12_381 import CURVE_ORDER, FIELD_MODULUS, Fr, G1, G2
from zkcred.bls12_381._ffi import ERR_MESSAGES, ffi, lib


def test_native_core_loads():
    info = ffi.string(lib.zk_build_info()).decode()
    assert info.startswith("zkcred native core")
    assert lib.ZK_FR_BYTES == 32 and lib.ZK_G1_COMPRESSED_BYTES == 48 and lib.ZK_G2_COMPRESSED_BYTES == 96
    assert ffi.sizeof("zk_fr") == 32 and ffi.sizeof("zk_g1") == 3 * 48 and ffi.sizeof("zk_g2") == 6 * 48
    assert set(ERR_MESSAGES) == set(range(1, 11))
    assert CURVE_ORDER == int(-Fr(1)) + 1
    assert FIELD_MODULUS % 4 == 3 and FIELD_MODULUS.bit_length() == 381
    assert not G1.generator().is_identity() and not G2.generator().is_identity()
