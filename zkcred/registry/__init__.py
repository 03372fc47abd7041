"""Revocation registries: the positive VB accumulator (``accumulator``) that proves "not revoked", and the
issuer's registry with epochs (``registry``).

    from zkcred.registry import Accumulator, Witness
    acc = Accumulator.create()
    upd = acc.batch_add([y1, y2])           # UpdateData to publish
    w = acc.witness(y1)                     # given to the holder at issuance
    upd2 = acc.batch_remove([y2])
    w = w.update([upd2])                    # the holder, from the published data alone
    w.verify(acc.public)
"""
from .accumulator import Accumulator, AccumulatorPublic, ElementRemovedError, UpdateData, Witness, verify_witnesses
from .registry import BLOCK, RegistryState, RevocationRegistry, update_digest

__all__ = ["Accumulator", "AccumulatorPublic", "ElementRemovedError", "UpdateData", "Witness", "RegistryState", "RevocationRegistry",
           "BLOCK", "update_digest", "verify_witnesses"]
