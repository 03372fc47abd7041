"""RDF Dataset Canonicalization (W3C RDFC-1.0, a.k.a. URDNA2015) over quads held as tuples of N-Quads terms.

A quad is ``(subject, predicate, object, graph)``: each term already in canonical N-Quads form (``<iri>``,
``_:label`` or a literal ``"..."`` with its ``@lang`` / ``^^<datatype>`` suffix); ``graph`` is ``""`` for the
default graph. Holding terms serialized makes hashing and relabeling string operations.

Matches rdf-canonize 5 (Digital Bazaar's implementation, which the W3C vectors were made with) exactly:
- the first-degree hash uses ``_:a`` / ``_:z`` for every blank node (RDFC-1.0 section 4.6.3, as errata'd);
- quads, hashes and paths are sorted in UTF-16 code unit order, JavaScript's string order (it differs from
  Unicode code point order only for strings that mix characters above U+FFFF with U+E000..U+FFFF);
- literals escape ``\\b \\t \\n \\f \\r \\" \\\\`` and every other U+0000..U+001F and U+007F as ``\\uXXXX``
  (RDFC-1.0 section 4.7 / N-Triples canonical form).
The number of N-degree hash calls is bounded (rdf-canonize's default work factor, ``n ** 1`` deep iterations for
``n`` non-unique blank nodes); a poisoned dataset raises DecodeError instead of running for hours.
"""
from __future__ import annotations

import hashlib
import itertools
import re

from ..errors import DecodeError

Quad = tuple[str, str, str, str]

_LIT_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
_LIT_MAP = {c: f"\\u{c:04X}" for c in list(range(0x20)) + [0x7f]}
_LIT_MAP.update({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 0x22: '\\"', 0x5c: "\\\\"})
_IRI_ESCAPE = re.compile('[\x00-\x20<>"{}|^`\\\\]')


def escape_literal(s: str) -> str:
    if _LIT_ESCAPE.search(s) is None:
        return s
    return _LIT_ESCAPE.sub(lambda m: _LIT_MAP[ord(m.group())], s)


def escape_iri(s: str) -> str:
    if _IRI_ESCAPE.search(s) is None:
        return s
    return _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", s)


def serialize(q: Quad) -> str:
    """One N-Quad with its newline."""
    if q[3]:
        return f"{q[0]} {q[1]} {q[2]} {q[3]} .\n"
    return f"{q[0]} {q[1]} {q[2]} .\n"


def _utf16(s: str) -> bytes:
    return s.encode("utf-16-be", "surrogatepass")


def js_sorted(strings) -> list[str]:
    """Sorted in UTF-16 code unit order (JavaScript's Array.prototype.sort on strings)."""
    strings = list(strings)
    if any(max(s, default="\0") > "\uffff" for s in strings):
        return sorted(strings, key=_utf16)
    return sorted(strings)


def _sha256_hex(parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class _Issuer:
    """Identifier Issuer (RDFC-1.0 section 4.3): old id -> prefix + counter, in issue order."""
    __slots__ = ("prefix", "ids")

    def __init__(self, prefix: str, ids: dict | None = None) -> None:
        self.prefix = prefix
        self.ids: dict[str, str] = dict(ids) if ids else {}

    def issue(self, old: str) -> str:
        new = self.ids.get(old)
        if new is None:
            new = self.ids[old] = f"{self.prefix}{len(self.ids)}"
        return new

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, self.ids)


class _Canonicalizer:
    def __init__(self, quads: list[Quad]) -> None:
        self.quads = quads
        info: dict[str, list[Quad]] = {}
        for q in quads:
            for t in (q[0], q[2], q[3]):
                if t.startswith("_:"):
                    lst = info.setdefault(t, [])
                    if not lst or lst[-1] is not q:         # a quad is referenced once per blank node
                        lst.append(q)
        self.info = info
        self.first: dict[str, str] = {}
        self.canonical = _Issuer("c14n")
        self.remaining = 0

    def hash_first_degree(self, bnode: str) -> str:
        """Hash First Degree Quads (RDFC-1.0 section 4.6)."""
        def mod(t: str) -> str:
            if t.startswith("_:"):
                return "_:a" if t == bnode else "_:z"
            return t
        lines = [serialize((mod(q[0]), q[1], mod(q[2]), mod(q[3]))) for q in self.info[bnode]]
        h = self.first[bnode] = _sha256_hex(js_sorted(lines))
        return h

    def hash_related(self, related: str, q: Quad, issuer: _Issuer, position: str) -> str:
        """Hash Related Blank Node (RDFC-1.0 section 4.7)."""
        if related in self.canonical.ids:
            ident = "_:" + self.canonical.ids[related]
        elif related in issuer.ids:
            ident = "_:" + issuer.ids[related]
        else:
            ident = self.first[related]
        return _sha256_hex((position, q[1] if position != "g" else "", ident))

    def hash_n_degree(self, bnode: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        """Hash N-Degree Quads (RDFC-1.0 section 4.8)."""
        if self.remaining <= 0:
            raise DecodeError("RDFC-1.0: too many blank nodes share first-degree hashes "
                              "(the canonicalization work limit was reached)")
        self.remaining -= 1
        h2r: dict[str, list[str]] = {}
        for q in self.info[bnode]:
            for t, pos in ((q[0], "s"), (q[2], "o"), (q[3], "g")):
                if t.startswith("_:") and t != bnode:
                    h2r.setdefault(self.hash_related(t, q, issuer, pos), []).append(t)
        parts = []
        for rh in sorted(h2r):
            parts.append(rh)
            chosen_path, chosen_issuer = None, None
            for perm in itertools.permutations(sorted(h2r[rh])):
                ic = issuer.copy()
                path = ""
                recursion = []
                skip = False
                for rel in perm:
                    if rel in self.canonical.ids:
                        path += "_:" + self.canonical.ids[rel]
                    else:
                        if rel not in ic.ids:
                            recursion.append(rel)
                        path += "_:" + ic.issue(rel)
                    if chosen_path is not None and _utf16(path) > _utf16(chosen_path):
                        skip = True
                        break
                if skip:
                    continue
                for rel in recursion:
                    rhash, ic = self.hash_n_degree(rel, ic)
                    path += "_:" + ic.issue(rel) + "<" + rhash + ">"
                    if chosen_path is not None and _utf16(path) > _utf16(chosen_path):
                        skip = True
                        break
                if skip:
                    continue
                if chosen_path is None or _utf16(path) < _utf16(chosen_path):
                    chosen_path, chosen_issuer = path, ic
            assert chosen_path is not None and chosen_issuer is not None   # the first permutation is never skipped
            parts.append(chosen_path)
            issuer = chosen_issuer
        return _sha256_hex(parts), issuer

    def run(self) -> dict[str, str]:
        """Canonicalization algorithm (RDFC-1.0 section 4.4) steps 1-6: blank node -> c14n label."""
        h2b: dict[str, list[str]] = {}
        for b in self.info:
            h2b.setdefault(self.hash_first_degree(b), []).append(b)
        non_unique = []
        for h in sorted(h2b):
            ids = h2b[h]
            if len(ids) > 1:
                non_unique.append(ids)
            else:
                self.canonical.issue(ids[0])
        self.remaining = sum(len(ids) for ids in non_unique)
        for ids in non_unique:
            results = []
            for b in ids:
                if b in self.canonical.ids:
                    continue
                issuer = _Issuer("b")
                issuer.issue(b)
                results.append(self.hash_n_degree(b, issuer))
            results.sort(key=lambda r: r[0])
            for _, iss in results:
                for old in iss.ids:
                    self.canonical.issue(old)
        return self.canonical.ids


def canonical_labels(quads: list[Quad]) -> dict[str, str]:
    """The canonical issuer's map: input blank node (``_:x``) -> canonical label (``c14nN``, no prefix)."""
    return _Canonicalizer(quads).run()


def relabel(quads: list[Quad], labels: dict[str, str]) -> list[Quad]:
    """Each blank node ``_:x`` replaced by ``_:`` + labels[``_:x``]."""
    def r(t: str) -> str:
        return "_:" + labels[t] if t.startswith("_:") else t
    return [(r(q[0]), q[1], r(q[2]), r(q[3])) for q in quads]


def canonicalize(quads: list[Quad]) -> tuple[list[str], dict[str, str]]:
    """RDFC-1.0: the sorted canonical N-Quads (one string per quad) and the canonical label map."""
    labels = canonical_labels(quads)
    return js_sorted(serialize(q) for q in relabel(quads, labels)), labels
