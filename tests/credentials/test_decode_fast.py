"""Presentation.from_json's fast decoder (one batch of native calls for a document of the common shape) accepts
exactly what the careful field-by-field decoder accepts: on valid presentations and on many mutations of them
(fields dropped, added, retyped, resized; base64url that is non-canonical, padded, or in the standard alphabet;
points outside the curve or the subgroup; scalars >= r), both decoders give the same result or the same
DecodeError (the fast one hands every unusual document to the careful one, which names the problem)."""
from __future__ import annotations

import base64
import copy
import json
import random

import pytest

from zkcred.credentials import PresentationRequest, presentation as P
from zkcred.errors import DecodeError

from .conftest import get, mutate

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def _careful(text):
    fast, P._fast_decode = P._fast_decode, lambda d: None
    try:
        return P.Presentation.from_json(text)
    finally:
        P._fast_decode = fast


def _outcome(decode, text):
    try:
        p = decode(text)
    except DecodeError as e:
        return ("error", str(e))
    return ("ok", p.request_digest, p.challenge, p.credentials, p._decoded)


@pytest.fixture(scope="module")
def docs(world):
    out = []
    req = PresentationRequest.create([world.card_request()], verifier="fast")
    out.append(json.loads(world.alice.present(req, [world.alice_card]).to_json()))
    req2 = world.two_request()
    out.append(json.loads(world.alice.present(req2, [world.alice_card, world.alice_diploma]).to_json()))
    return out


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    yield path


def _extended(doc, path):
    """A copy of doc whose object at path has one more field, or whose list at path one more entry."""
    out = copy.deepcopy(doc)
    target = get(out, path)
    if isinstance(target, dict):
        target["extra"] = "AAAA"
    else:
        target.append(copy.deepcopy(target[0]) if target else "AAAA")
    return out


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def _mutations(doc, rng: random.Random):
    paths = [p for p in _leaves(doc) if p]
    for p in paths:
        yield mutate(doc, p, delete=True)
    for _ in range(150):
        p = rng.choice(paths)
        node = doc
        for k in p:
            node = node[k]
        if isinstance(node, str):
            choices = [node + "A", node[:-1], node[:-1] + "B", node[:-1] + "=", node.replace("-", "+"),
                       node.replace("_", "/"), node + "==", " " + node[1:], node.upper(), 7, None, [node]]
            if len(node) == 43:           # a scalar: trailing bits set, a value >= r
                choices += [node[:-1] + "B", _b64((R + rng.randrange(2 ** 250)).to_bytes(32, "big")),
                            _b64(R.to_bytes(32, "big")), _b64(bytes(32))]
            if len(node) in (128, 256):   # a point: flip a byte
                raw = bytearray(base64.urlsafe_b64decode(node))
                raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
                choices.append(_b64(bytes(raw)))
            yield mutate(doc, p, rng.choice(choices))
        elif isinstance(node, int) and not isinstance(node, bool):
            yield mutate(doc, p, rng.choice([-1, 2 ** 53, True, "3", 1.0]))
        elif isinstance(node, (dict, list)):
            yield _extended(doc, p)
            yield mutate(doc, p, rng.choice([{}, [], "x"]))
    yield mutate(doc, ("type",), "zkcred/presentation/v2")
    yield mutate(doc, ("request",), doc["request"].upper())
    yield {**doc, "extra": 1}
    yield {**doc, "credentials": doc["credentials"] * 17}


def test_valid_presentations_same(docs):
    for doc in docs:
        text = json.dumps(doc)
        assert P._fast_decode(json.loads(text)) is not None        # the fast path is taken
        assert _outcome(P.Presentation.from_json, text) == _outcome(_careful, text)
        assert _outcome(P.Presentation.from_json, doc) == _outcome(_careful, doc)


def test_mutations_same_outcome(docs, rng):
    n_err = 0
    for doc in docs:
        for m in _mutations(doc, rng):
            text = json.dumps(m)
            a, b = _outcome(P.Presentation.from_json, text), _outcome(_careful, text)
            assert a == b, (a[:2], b[:2])
            n_err += a[0] == "error"
    assert n_err > 100       # the mutations do break documents


def _off_subgroup_docs(doc, rng: random.Random):
    """Copies of doc with one G1 point (a signature's, a predicate's) or the G2 point replaced by a point on the
    curve outside the subgroup: valid encodings, so the joint decoding of a batch fails on them."""
    from bls12_381 import oracle as O      # tests/ is on sys.path (pytest rootdir packages)
    g1 = _b64(O.enc_g1(O.g1_off_subgroup(rng), False))
    g2 = _b64(O.enc_g2(O.g2_off_subgroup(rng), False))
    c0 = doc["credentials"][0]
    out = [mutate(doc, ("credentials", 0, "signature", "T2"), g1)]
    if c0["predicates"]:
        out += [mutate(doc, ("credentials", 0, "predicates", 0, "proof", "C"), g1),
                mutate(doc, ("credentials", 0, "predicates", 0, "proof", "B"), g2)]
    return out


def test_batch_decoding_same_outcome_as_alone(docs, rng):
    """Presentation.batch_from_json gives each document of a batch what from_json gives it alone (the careful
    decoder's result or error): batches that mix valid documents, mutations (which leave the fast shape or fail to
    decode) and points outside G1 or G2 (which make the joint native decoding fail, so the whole batch is decoded
    again one by one), given as text and as values of zkcred._json.loads (``loaded``: kept, not copied)."""
    from zkcred._json import loads
    pool = list(docs) * 3 + [m for doc in docs for m in _off_subgroup_docs(doc, rng)]
    pool += [m for doc in docs for m in list(_mutations(doc, rng))[:40]]
    n_bad = 0
    for trial in range(40):
        batch = [rng.choice(pool) for _ in range(rng.randrange(1, 12))]
        if trial % 4 == 0:                            # all valid: the joint decoding succeeds
            batch = [rng.choice(docs) for _ in range(rng.randrange(1, 12))]
        texts = [json.dumps(m) for m in batch]
        expect = [_outcome(_careful, t) for t in texts]
        n_bad += sum(e[0] == "error" for e in expect)
        for loaded, inputs in ((False, texts), (True, [loads(t) for t in texts])):
            got = P.Presentation.batch_from_json(inputs, loaded=loaded)
            assert len(got) == len(texts)
            for g, e in zip(got, expect):
                if isinstance(g, DecodeError):
                    assert e == ("error", str(g))
                else:
                    assert e == ("ok", g.request_digest, g.challenge, g.credentials, g._decoded)
    assert n_bad > 20
    with pytest.raises(DecodeError):        # sanity: the off-subgroup copies do not decode
        P.Presentation.from_json(json.dumps(_off_subgroup_docs(docs[0], rng)[0]))


def test_loaded_batches_decide_each_document_as_alone_with_loaded(docs):
    """With ``loaded``, a document's outcome does not depend on its batch mates: a batch whose joint decoding fails
    decodes each document again with the same ``loaded`` (review finding: the fallback used to ignore it)."""
    from zkcred._json import loads
    from bls12_381 import oracle as O                     # tests/ is on sys.path (pytest rootdir packages)
    import random as _r
    good = json.dumps(docs[0])
    bad = json.loads(good)
    bad["credentials"][0]["signature"]["T2"] = _b64(O.enc_g1(O.g1_off_subgroup(_r.Random(5)), False))
    alone = P.Presentation.from_json(loads(good), loaded=True)
    for batch in ([loads(good), loads(good)], [loads(good), loads(json.dumps(bad))]):
        got = P.Presentation.batch_from_json(batch, loaded=True)
        assert _outcome(lambda x: x, got[0]) == _outcome(lambda x: x, alone)
        assert got[0].credentials[0] is batch[0]["credentials"][0]      # handed over, not copied, either path
    assert isinstance(P.Presentation.batch_from_json([loads(json.dumps(bad))], loaded=True)[0], DecodeError)
