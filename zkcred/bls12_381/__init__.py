"""BLS12-381 value types over the native core: Fr, G1, G2, GT and the pairing.

    from zkcred.bls12_381 import Fr, G1, G2, GT, pairing, pairing_check

Every value is immutable and holds one cffi buffer; each operator is one C call, and the batch operations
(``G1.msm_var``, ``G1.batch_from_bytes``, ``G1.batch_normalize``, ``multi_pairing``/``pairing_check``) are one C call
for the whole batch; ``G2Prepared`` holds a fixed G2 point's Miller-loop lines for ``pairing_check_prepared``.
``Fr`` arithmetic and ``P * k`` are constant time (scalars may be secret); names ending in
``_var`` are variable time, for public data only. Encodings are the ZCash BLS12-381 formats.
Decoders raise :class:`zkcred.errors.DecodeError` naming the rule broken.

``zkcred.bls12_381.hash_to_curve`` (RFC 9380) provides ``G1.hash_to_curve``/``G2.hash_to_curve``.
Sibling binding modules reach C through ``zkcred.bls12_381._ffi`` (``ffi``, ``lib``) and the documented
accessors ``X._c`` / ``X._from_c(cdata)`` of every value type.
"""
from ._curve import G1, G2
from ._fr import CURVE_ORDER, FIELD_MODULUS, Fr
from ._gt import (GT, G2Prepared, multi_pairing, multi_pairing_mixed, multi_pairing_prepared, pairing, pairing_check,
                  pairing_check_mixed, pairing_check_prepared)

__all__ = ["Fr", "G1", "G2", "GT", "G2Prepared", "pairing", "pairing_check", "pairing_check_prepared", "multi_pairing",
           "multi_pairing_prepared", "multi_pairing_mixed", "pairing_check_mixed", "CURVE_ORDER", "FIELD_MODULUS"]
