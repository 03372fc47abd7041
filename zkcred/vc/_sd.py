"""Selective-disclosure primitives shared by the Data Integrity SD cryptosuites (VC Data Integrity ECDSA
Cryptosuites v1.0 section 3.4 "Selective Disclosure Functions", which bbs-2023 uses): JSON pointers, skolemization,
selectJsonLd, labelReplacementCanonicalizeNQuads, canonicalizeAndGroup.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac as _hmac
import secrets
from collections.abc import Callable, Sequence

from ..errors import DecodeError
from . import _jsonld, _rdfc
from ._loader import DocumentLoader
from ._rdfc import Quad

SKOLEM_PREFIX = "urn:bnid:"


def parse_pointer(pointer: object) -> list[str]:
    """RFC 6901 JSON pointer -> reference tokens (``~1`` -> ``/``, ``~0`` -> ``~``)."""
    if not isinstance(pointer, str):
        raise DecodeError(f"JSON pointer {pointer!r} must be a string")
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise DecodeError(f"JSON pointer {pointer!r} must start with '/' (RFC 6901)")
    out = []
    for tok in pointer.split("/")[1:]:
        if "~" in tok:
            i = 0
            res = []
            while i < len(tok):
                if tok[i] == "~":
                    if tok[i + 1:i + 2] not in ("0", "1"):
                        raise DecodeError(f"JSON pointer {pointer!r}: invalid escape (only ~0 and ~1)")
                    res.append("~" if tok[i + 1] == "0" else "/")
                    i += 2
                else:
                    res.append(tok[i])
                    i += 1
            tok = "".join(res)
        out.append(tok)
    return out


def _step(container, tok: str, pointer: str):
    if isinstance(container, list):
        if not tok.isdigit() or (len(tok) > 1 and tok[0] == "0") or int(tok) >= len(container):
            raise DecodeError(f"JSON pointer {pointer!r} selects nothing: no array element {tok!r}")
        return int(tok)
    if isinstance(container, dict):
        if tok not in container:
            raise DecodeError(f"JSON pointer {pointer!r} selects nothing: no member {tok!r}")
        return tok
    raise DecodeError(f"JSON pointer {pointer!r} selects nothing: it goes through a literal")


# ------------------------------------------------------------------------------------------------ skolemization

def skolemize_expanded(expanded: list, random: str | None = None) -> list:
    """skolemizeExpandedJsonLd: every node object gets an ``@id``: blank ones ``urn:bnid:_<random>_<n>``,
    ``_:x`` ones ``urn:bnid:x``."""
    state: list = [f"{SKOLEM_PREFIX}_{random or secrets.token_hex(16)}_", 0]     # [prefix, counter]

    def walk(elements: list) -> list:
        out = []
        for el in elements:
            if not isinstance(el, dict) or "@value" in el:
                out.append(copy.deepcopy(el))
                continue
            if "@list" in el:
                raise DecodeError("bbs-2023: JSON-LD lists (@list) cannot be selectively disclosed")
            node = {}
            for k, v in el.items():
                node[k] = walk(v) if isinstance(v, list) else walk([v])[0]
            nid = node.get("@id")
            if nid is None:
                node["@id"] = f"{state[0]}{state[1]}"
                state[1] += 1
            elif isinstance(nid, str) and nid.startswith("_:"):
                node["@id"] = SKOLEM_PREFIX + nid[2:]
            out.append(node)
        return out
    return walk(expanded)


def _deskolemize_term(t: str) -> str:
    if t.startswith("<" + SKOLEM_PREFIX):
        return "_:" + t[len(SKOLEM_PREFIX) + 1:-1]
    return t


def deskolemize(quads: list[Quad]) -> list[Quad]:
    """deskolemizeNQuads: ``<urn:bnid:x>`` -> ``_:x``."""
    d = _deskolemize_term
    return [(d(q[0]), q[1], d(q[2]), d(q[3])) for q in quads]


# ------------------------------------------------------------------------------------------------ selection

def select_json(document: dict, pointers: Sequence[str]) -> dict | None:
    """selectJsonLd: the part of a compact JSON-LD document the pointers select, keeping ``@context`` and the
    ``id`` (unless a blank node id) and ``type`` of every object on the way. None for no pointers."""
    if not pointers:
        return None
    arrays: list[list] = []
    selection: dict = {"@context": copy.deepcopy(document.get("@context"))}
    _init_selection(selection, document)
    for pointer in pointers:
        paths = parse_pointer(pointer)
        if not paths:
            return copy.deepcopy(document)
        value = document
        sel_value = selection
        sel_parent = selection                # overwritten on the first step (paths is not empty)
        key = None
        for tok in paths:
            key = _step(value, tok, pointer)
            sel_parent = sel_value
            value = value[key]
            if isinstance(sel_parent, list):
                while len(sel_parent) <= key:
                    sel_parent.append(_HOLE)
                nxt = sel_parent[key]
            else:
                nxt = sel_parent.get(key, _HOLE)
            if nxt is _HOLE:
                if isinstance(value, list):
                    nxt = []
                    arrays.append(nxt)
                elif isinstance(value, dict):
                    nxt = _init_selection({}, value)
                else:
                    nxt = None
                sel_parent[key] = nxt
            sel_value = nxt
        if isinstance(value, dict):
            chosen = {**(sel_value if isinstance(sel_value, dict) else {}), **copy.deepcopy(value)}
        else:
            chosen = copy.deepcopy(value)
        sel_parent[key] = chosen
    for arr in arrays:
        arr[:] = [x for x in arr if x is not _HOLE]
    return selection


class _Hole:
    __slots__ = ()


_HOLE = _Hole()


def _init_selection(selection: dict, source: dict) -> dict:
    sid = source.get("id")
    if isinstance(sid, str) and sid and not sid.startswith("_:"):
        selection["id"] = sid
    if source.get("type"):
        selection["type"] = source["type"]
    return selection


# ------------------------------------------------------------------------------------------------ labels

def hmac_label_map(hmac_key: bytes) -> Callable[[dict[str, str]], dict[str, str]]:
    """createShuffledIdLabelMapFunction (bbs-2023 section 3.3.1): input label -> ``b<i>`` where i is the rank of
    ``u`` + base64url(HMAC-SHA256(hmac_key, c14n label)) among all such values."""
    def label_map(canonical: dict[str, str]) -> dict[str, str]:
        hm = {inp: "u" + base64.urlsafe_b64encode(_hmac.new(hmac_key, c.encode(), hashlib.sha256).digest())
              .rstrip(b"=").decode() for inp, c in canonical.items()}
        rank = {h: i for i, h in enumerate(sorted(hm.values()))}
        return {inp: f"b{rank[h]}" for inp, h in hm.items()}
    return label_map


def relabeled_nquads(quads: list[Quad], labels: dict[str, str]) -> list[str]:
    """The N-Quads with blank nodes replaced through ``labels`` (input ``_:x`` -> label), sorted."""
    return _rdfc.js_sorted(_rdfc.serialize(q) for q in _rdfc.relabel(quads, labels))


def canonicalize_and_group(document: dict, label_map_fn: Callable[[dict[str, str]], dict[str, str]],
                           groups: dict[str, Sequence[str]], loader: DocumentLoader) -> dict:
    """canonicalizeAndGroup (ECDSA-SD section 3.4.11): the relabeled canonical N-Quads of ``document`` and, for
    each named group of JSON pointers, which of them (by index) the selection matches.

    Returns {"nquads", "label_map" (input label -> new label), "groups": {name: (matching: dict index -> nquad,
    non_matching: dict, selected deskolemized quads)}}."""
    expanded = _jsonld.expand(document, loader)
    sk_expanded = skolemize_expanded(expanded)
    sk_compact = _jsonld.compact(sk_expanded, document.get("@context"), loader)
    quads = deskolemize(_jsonld.to_quads(sk_expanded, loader))
    canonical = _rdfc.canonical_labels(quads)
    new_labels = label_map_fn({k[2:]: v for k, v in canonical.items()})
    label_map = {"_:" + k: v for k, v in new_labels.items()}
    nquads = relabeled_nquads(quads, label_map)
    results = {}
    for name, pointers in groups.items():
        selection = select_json(sk_compact, pointers)
        if selection is None:
            sel_quads: list[Quad] = []
        else:
            sel_quads = deskolemize(_jsonld.to_quads(_jsonld.expand(selection, loader, "selection"), loader))
        try:
            selected = {_rdfc.serialize(q) for q in _rdfc.relabel(sel_quads, label_map)}
        except KeyError:
            raise DecodeError(f"bbs-2023: the selection {list(pointers)} has blank nodes the document does not "
                              "have (unsupported JSON-LD construct)") from None
        matching: dict[int, str] = {}
        non_matching: dict[int, str] = {}
        for i, nq in enumerate(nquads):
            (matching if nq in selected else non_matching)[i] = nq
        results[name] = (matching, non_matching, sel_quads)
    return {"nquads": nquads, "label_map": new_labels, "groups": results}
