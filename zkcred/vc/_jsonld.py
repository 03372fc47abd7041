"""JSON-LD processing for bbs-2023 through pyld (JSON-LD 1.1 Processing Algorithms), in "safe mode".

Digital Bazaar's stack expands and converts to RDF in jsonld.js "safe mode", which throws where JSON-LD would
silently drop data. pyld has no safe mode; this module adds the checks that matter so that zkcred never signs or
verifies a different set of statements than the JavaScript stack would (../shared/notes/bbs-2023.md):

- a term the contexts do not define (pyld drops it) -> DecodeError naming the term;
- a relative IRI as a node id, type or property (pyld drops the statement) -> DecodeError;
- numbers that JavaScript reads differently (integers beyond 2^53, non-integers below 1e-6 in magnitude, any
  number from 1e21, which jsonld.js and pyld type differently) -> DecodeError naming the value;
- strings with lone surrogates (no UTF-8 form) -> DecodeError.
Control characters in literals are escaped as rdf-canonize does (see _rdfc.escape_literal).

RDF conversion starts from the expanded document (no second expansion) and yields quads as tuples of N-Quads
terms (see _rdfc). The JSON-LD-to-RDF options are those of Digital Bazaar: rdfDirection "i18n-datatype",
no generalized RDF.
"""
from __future__ import annotations

from ..errors import DecodeError
from ._loader import DocumentLoader
from ._rdfc import Quad, escape_iri, escape_literal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MAX_SAFE = 2 ** 53

_pyld = None


def _lib():
    global _pyld
    if _pyld is None:
        try:
            from pyld import jsonld
            from pyld.context_resolver import ContextResolver
            from pyld.identifier_issuer import IdentifierIssuer
        except ImportError:        # pragma: no cover - depends on the installation
            raise ImportError("zkcred.vc needs pyld: pip install 'zkcred[vc]'") from None
        _pyld = (jsonld, ContextResolver, IdentifierIssuer)
    return _pyld


def _dropped(prop) -> None:
    raise DecodeError(f"the term {prop!r} is not defined by the document's @context (JSON-LD safe mode)")


def _unwrap(e: Exception, what: str) -> DecodeError:
    """The DecodeError inside a pyld error (e.g. from the loader or a dropped term), else one naming pyld's."""
    c: BaseException | None = e
    while c is not None:
        if isinstance(c, DecodeError):
            return c
        c = c.__cause__ or c.__context__
    msg = str(e).split("\n")[0]
    code = getattr(e, "code", None)
    return DecodeError(f"{what}: JSON-LD error: {msg}" + (f" ({code})" if code else ""))


def check_json(value, path: str = "") -> None:
    """The number and string rules of the module docstring, on a parsed JSON document."""
    stack = [(value, path)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, dict):
            for k, x in v.items():
                _check_str(k, p)
                stack.append((x, f"{p}/{k}"))
        elif isinstance(v, list):
            stack.extend((x, f"{p}/{i}") for i, x in enumerate(v))
        elif isinstance(v, str):
            _check_str(v, p)
        elif isinstance(v, bool) or v is None:
            continue
        elif isinstance(v, int):
            if abs(v) > _MAX_SAFE:
                raise DecodeError(f"{p or '/'}: integer {v} is beyond 2^53 (JavaScript would change its value)")
        elif isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                raise DecodeError(f"{p or '/'}: {v} is not a JSON number")
            if abs(v) >= 1e21 or (v.is_integer() and abs(v) > _MAX_SAFE):
                raise DecodeError(f"{p or '/'}: the number {v!r} is typed differently by jsonld.js (>= 1e21)")
            if v != 0 and abs(v) < 1e-6 and not v.is_integer():
                raise DecodeError(f"{p or '/'}: the number {v!r} is below 1e-6 in magnitude; jsonld.js "
                                  "canonicalizes such numbers differently (write it as a string)")
        else:
            raise DecodeError(f"{p or '/'}: {type(v).__name__} is not a JSON value")


def _check_str(s: str, p: str) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise DecodeError(f"{p or '/'}: string with a lone surrogate (not valid Unicode text)") from None


def _options(loader: DocumentLoader) -> dict:
    _, ContextResolver, _ = _lib()
    return {"documentLoader": loader, "contextResolver": ContextResolver(loader.context_cache, loader),
            "base": "", "processingMode": "json-ld-1.1"}


def expand(doc: dict, loader: DocumentLoader, what: str = "document") -> list:
    """JSON-LD Expansion (JSON-LD 1.1 API section 9.2) with the safe-mode checks."""
    jsonld = _lib()[0]
    try:
        return jsonld.JsonLdProcessor(on_property_dropped=_dropped).expand(doc, _options(loader))
    except DecodeError:
        raise
    except Exception as e:          # pyld raises JsonLdError and, on odd input, plain Python errors
        raise _unwrap(e, what) from None


def compact(expanded: list, ctx, loader: DocumentLoader, what: str = "document") -> dict:
    """JSON-LD Compaction (JSON-LD 1.1 API section 9.1) of an expanded document against ``ctx``."""
    jsonld = _lib()[0]
    try:
        return jsonld.JsonLdProcessor().compact(expanded, {"@context": ctx}, _options(loader))
    except DecodeError:
        raise
    except Exception as e:
        raise _unwrap(e, what) from None


def _is_abs(iri: str) -> bool:
    c = iri.find(":")
    return c > 0 and iri[0].isalpha()


def _term(node: dict, what: str) -> str:
    if node["type"] == "blank node":
        return node["value"]
    v = node["value"]
    if node["type"] == "IRI":
        if not _is_abs(v):
            raise DecodeError(f"{what}: relative IRI {v!r} (JSON-LD safe mode)")
        return f"<{escape_iri(v)}>"
    out = '"' + escape_literal(v) + '"'
    dt = node.get("datatype") or XSD_STRING
    if dt == RDF_LANGSTRING:
        if node.get("language"):
            out += "@" + node["language"]
    elif dt != XSD_STRING:
        out += f"^^<{escape_iri(dt)}>"
    return out


def to_quads(expanded: list, loader: DocumentLoader, what: str = "document") -> list[Quad]:
    """Deserialize JSON-LD to RDF (JSON-LD 1.1 API section 8.1) from an expanded document, as quads."""
    jsonld, _, IdentifierIssuer = _lib()
    proc = jsonld.JsonLdProcessor()
    issuer = IdentifierIssuer("_:b")
    options = {"rdfDirection": "i18n-datatype", "produceGeneralizedRdf": False, "processingMode": "json-ld-1.1"}
    node_map: dict = {"@default": {}}
    try:
        proc._create_node_map(expanded, node_map, "@default", issuer)
    except Exception as e:
        raise _unwrap(e, what) from None
    quads: list[Quad] = []
    seen: set = set()
    for graph_name, graph in sorted(node_map.items()):
        if graph_name == "@default":
            g = ""
        elif graph_name.startswith("_:"):
            g = graph_name
        elif _is_abs(graph_name):
            g = f"<{escape_iri(graph_name)}>"
        else:
            raise DecodeError(f"{what}: relative IRI {graph_name!r} as a graph name (JSON-LD safe mode)")
        for id_, node in sorted(graph.items()):
            if id_.startswith("_:"):
                s = id_
            elif _is_abs(id_):
                s = f"<{escape_iri(id_)}>"
            else:
                raise DecodeError(f"{what}: relative IRI {id_!r} as a node id (JSON-LD safe mode)")
            for prop, items in sorted(node.items()):
                if prop == "@type":
                    prop = RDF_TYPE
                elif prop.startswith("@"):
                    continue
                if prop.startswith("_:"):
                    raise DecodeError(f"{what}: blank node property {prop!r} (not RDF)")
                if not _is_abs(prop):
                    raise DecodeError(f"{what}: relative IRI {prop!r} as a property (JSON-LD safe mode)")
                p = f"<{escape_iri(prop)}>"
                for item in items:
                    extra: list = []
                    obj = proc._object_to_rdf(item, issuer, extra, options)
                    if obj is None:
                        raise DecodeError(f"{what}: relative IRI as the value of {prop!r} (JSON-LD safe mode)")
                    for t in extra:         # list nodes
                        q = (_term(t["subject"], what), _term(t["predicate"], what), _term(t["object"], what), g)
                        if q not in seen:
                            seen.add(q)
                            quads.append(q)
                    q = (s, p, _term(obj, what), g)
                    if q not in seen:
                        seen.add(q)
                        quads.append(q)
    return quads
