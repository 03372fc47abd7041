"""The credential predicate circuits, written with zkcred.circuit: age_at_least, in_range, range64 (the lean
range circuit of the credential "range" key), set_membership.

Each module has ``build() -> Circuit`` (a fresh circuit), ``circuit()`` (a cached one), ``inputs(...)`` (the
named witness inputs from the predicate's natural arguments) and documents its public inputs in wire order.
"""

__all__ = ["age_at_least", "in_range", "range64", "set_membership"]
