"""Random VC 2.0 credentials for the interop and round-trip tests: nested objects, arrays, blank-node and
identified subjects, non-ASCII strings, numbers and booleans, plus JSON pointers into them."""
from __future__ import annotations

import random

V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"

_WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sail", "board", "city", "level", "score", "note", "tag"]
_TEXT = ["Jane", "Zoë Ångström", "東京都", "Ωμέγα", "Łódź", "emoji 🚀✨", "naïve café", "Привет мир", "שלום",
         "plain ascii text", "line\twith tab", "quote \" and \\ backslash", "Москва", "😀 smile", "مرحبا"]


def _value(rng: random.Random, depth: int, counter: list[int]):
    kind = rng.choice(["str", "str", "int", "float", "bool", "obj", "arr"] if depth < 2 else
                      ["str", "str", "int", "float", "bool"])
    counter[0] += 1
    n = counter[0]
    if kind == "str":
        return f"{rng.choice(_TEXT)} #{n}"
    if kind == "int":
        return rng.randrange(-10 ** 9, 10 ** 9)
    if kind == "float":
        return rng.randrange(-10 ** 6, 10 ** 6) / 100 + 0.005
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "obj":
        return _object(rng, depth + 1, counter, rng.randrange(1, 4))
    items = rng.randrange(2, 4)
    if rng.random() < 0.5:
        return [f"{rng.choice(_TEXT)} [{n}.{i}]" for i in range(items)]
    return [_object(rng, depth + 1, counter, rng.randrange(1, 3), extra={"position": i}) for i in range(items)]


def _object(rng: random.Random, depth: int, counter: list[int], claims: int, extra: dict | None = None) -> dict:
    obj: dict = {}
    if rng.random() < 0.3:
        obj["id"] = f"urn:uuid:{rng.getrandbits(128):032x}"
    for i in range(claims):
        obj[f"{rng.choice(_WORDS)}{i}"] = _value(rng, depth, counter)
    obj.update(extra or {})
    return obj


def random_credential(rng: random.Random, issuer: str) -> dict:
    counter = [0]
    subject = _object(rng, 0, counter, rng.randrange(3, 8))
    if rng.random() < 0.5:
        subject["id"] = f"did:example:{rng.getrandbits(64):016x}"
    else:
        subject.pop("id", None)                      # a blank-node subject
    # VC v2 defines no @vocab: the examples context or an inline one defines the claims (safe mode otherwise)
    cred = {"@context": [V2, EX] if rng.random() < 0.5 else [V2, {"@vocab": "https://vocab.example/zk#"}],
            "type": ["VerifiableCredential"] + (["ExampleCredential"] if rng.random() < 0.5 else []),
            "issuer": issuer if rng.random() < 0.7 else {"id": issuer, "name": rng.choice(_TEXT)},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": subject}
    if rng.random() < 0.5:
        cred["validUntil"] = "2099-12-31T23:59:59Z"
    if rng.random() < 0.3:
        cred["name"] = rng.choice(_TEXT)
    return cred


def pointers(doc, prefix: str = "") -> list[str]:
    """Every JSON pointer below ``doc`` (objects, arrays, leaves), except id/type members."""
    out = []
    if isinstance(doc, dict):
        items = [(k, v) for k, v in doc.items() if k not in ("id", "type")]
    elif isinstance(doc, list):
        items = list(enumerate(doc))
    else:
        return out
    for k, v in items:
        p = f"{prefix}/{str(k).replace('~', '~0').replace('/', '~1')}"
        out.append(p)
        out.extend(pointers(v, p))
    return out


def random_pointers(rng: random.Random, cred: dict) -> tuple[list[str], list[str]]:
    """(mandatory, selective): /issuer and up to 2 subject pointers mandatory, 1-3 others selective."""
    subject = pointers(cred["credentialSubject"], "/credentialSubject")
    rng.shuffle(subject)
    k = rng.randrange(0, 3)
    mandatory = ["/issuer"] + subject[:k] + (["/validFrom"] if rng.random() < 0.5 else [])
    selective = subject[k:k + rng.randrange(1, 4)]
    return mandatory, selective
