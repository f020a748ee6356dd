"""RDFC-1.0 canonical N-Quads of JSON-LD credentials: a plain pyld reference path and a fast path.

Why a fast path: with pyld, JSON-LD context processing and expansion cost ~8 ms per document, yet they
are the same for every credential of one *shape* (its keys, `type` values and non-string scalars).
`FastCanonicalizer` runs pyld once per shape on a copy whose strings are unique placeholders, keeps the
resulting quads as a template, and per credential only substitutes the real strings and labels the
few blank nodes (RDFC-1.0 first-degree hashes). When two blank nodes tie, or a shape does anything the
template cannot reproduce exactly, it hands the dataset to pyld, so the output is always pyld's.
The differential tests (tests/unit/credentials) hold it byte-identical to `reference_canonicalize`.

Both paths refuse a document in which JSON-LD would silently drop something (an undefined property or
type, a relative IRI): pyld has no "safe mode", and a dropped property would be an unsigned one.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from pyld import jsonld

from .documentloader import BUNDLED_CONTEXT_FILES, bundled_context, static_document_loader

Canonicalizer = Callable[[dict], str]

_PLACEHOLDER_PREFIX = "urn:x-hocvuso-slot:"
_PLACEHOLDER_RE = re.compile(r"urn:x-hocvuso-slot:(\d+)\.")
_PYLD_DEFAULT_BASE = jsonld.DEFAULT_BASE_IRI
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PYLD_OPTIONS = {"documentLoader": static_document_loader}
_NORMALIZE_OPTIONS = {**_PYLD_OPTIONS, "algorithm": "URDNA2015", "format": "application/n-quads"}


class UndefinedTermError(ValueError):
    """JSON-LD expansion would drop (leave unsigned) part of the document; `problems` name each part."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _placeholder(index: int) -> str:
    return f"{_PLACEHOLDER_PREFIX}{index}."


def _keyword_aliases() -> set[str]:
    """Keys whose values steer JSON-LD processing (`type`, `@language`...) rather than carry data."""
    aliases = {"@context", "@type", "@language", "@direction", "@index", "@base", "@vocab", "@container"}

    def visit(ctx: object) -> None:
        if isinstance(ctx, dict):
            for term, definition in ctx.items():
                target = definition if isinstance(definition, str) else None
                if isinstance(definition, dict):
                    target = definition.get("@id") if isinstance(definition.get("@id"), str) else None
                    visit(definition.get("@context"))
                if target in aliases:
                    aliases.add(term)

    for url in BUNDLED_CONTEXT_FILES:
        visit(bundled_context(url)["@context"])
    return aliases


def _context_terms() -> frozenset[str]:
    """Every term any bundled context defines (anywhere); a prefix among them may be a compact IRI."""
    terms: set[str] = set()

    def visit(ctx: object) -> None:
        if isinstance(ctx, dict):
            for term, definition in ctx.items():
                terms.add(term)
                if isinstance(definition, dict):
                    visit(definition.get("@context"))

    for url in BUNDLED_CONTEXT_FILES:
        visit(bundled_context(url)["@context"])
    return frozenset(terms)


_VERBATIM_KEYS = frozenset(_keyword_aliases())
_TERMS = _context_terms()
_ABSOLUTE_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*\Z")


def _is_identity_iri(value: str) -> bool:
    """True when pyld would keep `value` unchanged in any IRI position (so it can be substituted)."""
    if not _ABSOLUTE_IRI_RE.match(value) or value in _TERMS or value.startswith(_PLACEHOLDER_PREFIX):
        return False
    prefix, _, suffix = value.partition(":")
    return suffix.startswith("//") or prefix not in _TERMS


# -- the reference path (plain pyld) and the strictness check shared by both paths -----------------


def _paths(value: object, path: str, out: list[tuple[str, object]]) -> None:
    """(path, scalar) for every data scalar, in the same order `_shape` visits them."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _VERBATIM_KEYS:
                _paths(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _paths(item, f"{path}[{index}]", out)
    else:
        out.append((path, value))


def _with_placeholders(value: object, counter: list[int], fixed: dict[int, object] | None,
                       scalars_too: bool) -> object:
    """A copy of `value` whose data strings (and, if `scalars_too`, numbers/booleans) are placeholders."""
    if isinstance(value, dict):
        return {
            key: (item if key in _VERBATIM_KEYS else _with_placeholders(item, counter, fixed, scalars_too))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_placeholders(item, counter, fixed, scalars_too) for item in value]
    if value is None:
        counter[0] += 1
        return None
    index = counter[0]
    counter[0] += 1
    if fixed is not None and index in fixed:
        return fixed[index]
    if isinstance(value, str) or scalars_too:
        return _placeholder(index)
    return value


def _expanded_strings(value: object, out: set[str]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _expanded_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _expanded_strings(item, out)
    elif isinstance(value, str):
        out.add(value)


def _relative_iris(expanded: object, out: list[tuple[str, str]]) -> None:
    """(kind, IRI) for every @id/@type pyld had to resolve against its made-up base (i.e. relative)."""
    if isinstance(expanded, list):
        for item in expanded:
            _relative_iris(item, out)
    elif isinstance(expanded, dict):
        for key, item in expanded.items():
            if key == "@id" and isinstance(item, str) and item.startswith(_PYLD_DEFAULT_BASE):
                out.append(("id", item))
            elif key == "@type" and key in expanded and "@value" not in expanded:
                for type_iri in item if isinstance(item, list) else [item]:
                    if isinstance(type_iri, str) and type_iri.startswith(_PYLD_DEFAULT_BASE):
                        out.append(("type", type_iri))
            elif key == "@type" and isinstance(item, str) and item.startswith(_PYLD_DEFAULT_BASE):
                out.append(("datatype", item))
            else:
                _relative_iris(item, out)


def _remove_path(doc: object, steps: list) -> object:
    clone = copy.deepcopy(doc)
    target = clone
    for step in steps[:-1]:
        target = target[step]
    del target[steps[-1]]
    return clone


def _keys_without_data(value: object, steps: list, out: list[list]) -> None:
    """Key paths whose value holds no data scalar (e.g. `{"type": "X"}`, `[]`): probed by deletion."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _VERBATIM_KEYS:
                continue
            if not _has_data(item):
                out.append([*steps, key])
            else:
                _keys_without_data(item, [*steps, key], out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _keys_without_data(item, [*steps, index], out)


def _has_data(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_data(item) for key, item in value.items() if key not in _VERBATIM_KEYS)
    if isinstance(value, list):
        return any(_has_data(item) for item in value)
    return value is not None


def _display(steps: list) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def find_undefined(document: dict) -> list[str]:
    """Everything JSON-LD expansion of `document` would drop or leave relative, as readable problems.

    Why: pyld (like most processors) silently drops terms its contexts do not define; they would then
    be outside the signature.
    """
    return _structural_problems(document) + _relative_id_problems(document)


def _structural_problems(document: dict) -> list[str]:
    """Undefined properties and types: checked with pyld on a copy whose every data value is a unique
    placeholder, so a missing placeholder names the property that vanished. Depends only on the shape."""
    problems: list[str] = []
    scalars: list[tuple[str, object]] = []
    _paths(document, "", scalars)
    for path, value in scalars:
        if value is None:
            problems.append(f"property '{path}' is null (JSON-LD drops it)")
    probe = _with_placeholders(document, [0], None, scalars_too=True)
    expanded = jsonld.expand(probe, _PYLD_OPTIONS)
    seen: set[str] = set()
    _expanded_strings(expanded, seen)
    for index, (path, value) in enumerate(scalars):
        if value is not None and _placeholder(index) not in seen:
            problems.append(f"property '{path}' is not defined by the credential's JSON-LD contexts")
    empty_keys: list[list] = []
    _keys_without_data(probe, [], empty_keys)
    for steps in empty_keys:
        if jsonld.expand(_remove_path(probe, steps), _PYLD_OPTIONS) == expanded:
            problems.append(f"property '{_display(steps)}' is not defined by the credential's JSON-LD "
                            f"contexts or carries no data")
    relative: list[tuple[str, str]] = []
    _relative_iris(expanded, relative)
    for kind, iri in relative:
        if kind != "id":
            problems.append(f"{kind} '{iri[len(_PYLD_DEFAULT_BASE):]}' is not defined by the credential's "
                            f"JSON-LD contexts")
    return problems


def _relative_id_problems(document: dict) -> list[str]:
    """Identifiers pyld could only resolve against its made-up base: they depend on the real values."""
    relative: list[tuple[str, str]] = []
    _relative_iris(jsonld.expand(document, _PYLD_OPTIONS), relative)
    return [
        f"'{iri[len(_PYLD_DEFAULT_BASE):]}' is not an absolute IRI (identifiers must be absolute)"
        for kind, iri in relative
        if kind == "id"
    ]


def check_defined(document: dict) -> None:
    """Raise UndefinedTermError if JSON-LD expansion would drop or relativise anything in `document`."""
    problems = find_undefined(document)
    if problems:
        raise UndefinedTermError(problems)


def _check_context(document: object) -> None:
    if not isinstance(document, dict):
        raise ValueError("a credential must be a JSON object")
    contexts = document.get("@context")
    if isinstance(contexts, str):
        contexts = [contexts]
    if not isinstance(contexts, list) or not contexts:
        raise UndefinedTermError(["the document has no @context"])
    for context in contexts:
        if not isinstance(context, str):
            raise UndefinedTermError(["only the bundled contexts, named by URL, are accepted in @context"])
        bundled_context(context)  # raises ContextNotBundledError for anything else


def reference_canonicalize(document: dict) -> str:
    """RDFC-1.0 N-Quads by plain pyld (after the strictness check): slow, independent of the fast path."""
    _check_context(document)
    check_defined(document)
    return jsonld.normalize(document, _NORMALIZE_OPTIONS)


# -- the fast path ---------------------------------------------------------------------------------

_STRING = "s"


def _shape(value: object, leaves: list) -> object:
    """A hashable structural key of `value`; appends its data strings to `leaves` in visiting order.

    Runs for every document canonicalised, so string values (most of the leaves) are handled in the
    loop over their container instead of by a recursive call each."""
    kind = type(value)
    if kind is dict:
        key: list = ["{"]
        for name, item in value.items():
            key.append(name)
            if name in _VERBATIM_KEYS:
                key.append(_freeze(item))
            elif type(item) is str:
                leaves.append(item)
                key.append(_STRING)
            else:
                key.append(_shape(item, leaves))
        return tuple(key)
    if kind is list:
        key = ["["]
        for item in value:
            if type(item) is str:
                leaves.append(item)
                key.append(_STRING)
            else:
                key.append(_shape(item, leaves))
        return tuple(key)
    if kind is str:
        leaves.append(value)
        return _STRING
    leaves.append(value)  # keeps slot numbering aligned with _with_placeholders
    return ("=", kind.__name__, repr(value))


def _freeze(value: object) -> object:
    kind = type(value)
    if kind is str:
        return ("v", value)
    if kind is list:
        for item in value:  # a plain loop: ~2x faster than all(<generator>) on these short lists
            if type(item) is not str:
                return ("j", repr(value))
        return ("v", *value)
    return ("j", repr(value))


def escape_literal(value: str) -> str:
    """N-Quads string escaping exactly as pyld serialises it."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        .replace('"', '\\"')
    )


def _needs_escape(text: str) -> bool:
    # five substring scans: several times faster than a regex character class on long Vietnamese text
    return "\\" in text or '"' in text or "\n" in text or "\r" in text or "\t" in text


class _UnsafeShape(Exception):
    """The template cannot reproduce pyld exactly for this shape: use pyld for it."""


# Component ops of a quad template: (0, text) constant; (1, slot) IRI slot; (2, slot, suffix) literal slot.
@dataclass
class _Template:
    quads: list[tuple[tuple, tuple, tuple, tuple | None]] = field(default_factory=list)
    iri_slots: tuple[int, ...] = ()
    literal_slots: tuple[int, ...] = ()
    unsafe: bool = False
    specialised: dict = field(default_factory=dict)
    plan: _LabellingPlan | None = None

    def slot_values(self, leaves: list) -> list:
        """A copy of `leaves` with the literal slots escaped as N-Quads strings."""
        values = list(leaves)
        # Most documents have nothing to escape: one search over all literals is cheaper than five
        # replace() calls on each of them.
        if self.literal_slots and _needs_escape("".join([values[slot] for slot in self.literal_slots])):
            for slot in self.literal_slots:
                values[slot] = escape_literal(values[slot])
        return values

    def render(self, leaves: list) -> list[tuple[str, str, str, str]]:
        """The document's quads as component strings (the general path, for `rdfc_label`)."""
        values = self.slot_values(leaves)
        out = []
        for quad in self.quads:
            parts = []
            for op in quad:
                if op is None:
                    parts.append("")
                elif op[0] == 0:
                    parts.append(op[1])
                elif op[0] == 1:
                    parts.append("<" + values[op[1]] + ">")
                else:
                    parts.append('"' + values[op[1]] + op[2])
            out.append(tuple(parts))
        return out

    def canonical_nquads(self, leaves: list) -> str | None:
        """`rdfc_label(self.render(leaves))` by the precomputed plan, or None when the plan cannot be
        sure of the answer (two blank nodes tie, or two quads coincide): then use the general path."""
        return self.plan.nquads(self.slot_values(leaves)) if self.plan is not None else None


# -- per-template RDFC-1.0 labelling plan ----------------------------------------------------------
#
# Why: within one template the quads, and which of them mention which blank node, never change; only
# slot values do. So the first-degree hash input of every blank node (its quads with _:a for itself
# and _:z for any other blank node) and the final lines (blank nodes left open for their canonical
# labels) are prepared once as %-format texts. Per document only the values are filled in, a few
# short lists sorted and hashed. A line is (text, pick): `text % pick(args)`, where `args` are the
# slot values followed by the canonical labels of the blank nodes, and `pick` is an itemgetter of the
# indices the line needs (one C call; with a single index it returns the bare string, which `%` also
# accepts). Lines with nothing to fill are rendered at compile time.

_OpenLine = tuple[str, Callable[[list], object]]


def _picker(indices: tuple[int, ...]) -> Callable[[list], object]:
    if not indices:
        return lambda args: ()
    return itemgetter(*indices)


def _line_text(quad: tuple, blank_node: Callable[[str], tuple[str, int | None]]) -> tuple[str, tuple[int, ...]]:
    """One N-Quads line of a template quad as a %-format text, and the `args` indices it takes in order.

    `blank_node(label)` gives the text standing for a blank node and the index it takes (or None)."""
    pieces: list[str] = []
    indices: list[int] = []
    for op in quad:
        if op is None:  # the default graph
            continue
        if op[0] == 1:
            pieces.append("<%s>")
            indices.append(op[1])
        elif op[0] == 2:
            pieces.append('"%s' + op[2].replace("%", "%%"))
            indices.append(op[1])
        elif _is_blank(op[1]):
            text, index = blank_node(op[1])
            pieces.append(text)
            if index is not None:
                indices.append(index)
        else:
            pieces.append(op[1].replace("%", "%%"))
    return " ".join(pieces) + " .\n", tuple(indices)


def _split_lines(lines: list[tuple[str, tuple[int, ...]]]) -> tuple[tuple[str, ...], tuple[_OpenLine, ...]]:
    """(lines rendered now because they have nothing to fill, lines left open)."""
    fixed = tuple(text % () for text, indices in lines if not indices)  # `% ()` turns %% back into %
    open_lines = tuple((text, _picker(indices)) for text, indices in lines if indices)
    return fixed, open_lines


def _sha256_hex(lines: list[str]) -> str:
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _BlankNodeHash:
    """The first-degree hash input of one blank node, as lines; `digest` is set when none is open."""

    fixed_lines: tuple[str, ...]
    open_lines: tuple[_OpenLine, ...]
    digest: str | None

    def first_degree_hash(self, args: list) -> str:
        if self.digest is not None:
            return self.digest
        lines = [*self.fixed_lines, *[text % pick(args) for text, pick in self.open_lines]]
        lines.sort()
        return _sha256_hex(lines)


@dataclass(frozen=True)
class _LabellingPlan:
    label_base: int  # index in `args` of the first blank node's label (= number of slot values)
    nodes: tuple[_BlankNodeHash, ...]
    fixed_lines: tuple[str, ...]
    open_lines: tuple[_OpenLine, ...]

    def nquads(self, args: list) -> str | None:
        """Canonical N-Quads for the slot values `args` (the labels are appended to it), or None."""
        if len(args) != self.label_base:  # cannot happen for a document of the template's shape
            return None
        digests = [node.first_degree_hash(args) for node in self.nodes]
        if len(set(digests)) < len(digests):
            return None  # a tie: leave it to the general path (and, past it, the full algorithm)
        labels = [""] * len(digests)
        for rank, node in enumerate(sorted(range(len(digests)), key=digests.__getitem__)):
            labels[node] = f"_:c14n{rank}"
        args.extend(labels)
        lines = [*self.fixed_lines, *[text % pick(args) for text, pick in self.open_lines]]
        if len(set(lines)) < len(lines):
            # Two quads coincide for these values. A dataset is a set: `rdfc_label` merges them before
            # hashing, which the hashes above did not, so let it redo this document.
            return None
        lines.sort()
        return "".join(lines)


def _labelling_plan(quads: list[tuple], label_base: int) -> _LabellingPlan:
    """Prepare `rdfc_label` for the quads of one template (see the section comment)."""
    mentions: dict[str, list[tuple]] = {}
    for quad in quads:
        for op in (quad[0], quad[2], quad[3]):  # like rdfc_label: a quad counts once per mention
            if op is not None and op[0] == 0 and _is_blank(op[1]):
                mentions.setdefault(op[1], []).append(quad)
    nodes = []
    for node, node_quads in mentions.items():
        fixed, open_lines = _split_lines([
            _line_text(quad, lambda label, node=node: ("_:a" if label == node else "_:z", None))
            for quad in node_quads
        ])
        digest = None if open_lines else _sha256_hex(sorted(fixed))
        nodes.append(_BlankNodeHash(fixed, open_lines, digest))
    label_index = {node: label_base + number for number, node in enumerate(mentions)}
    fixed, open_lines = _split_lines([
        _line_text(quad, lambda label: ("%s", label_index[label])) for quad in quads
    ])
    return _LabellingPlan(label_base, tuple(nodes), fixed, open_lines)


def _component_op(component: dict, slot_kinds: dict[int, str]) -> tuple:
    value = component["value"]
    kind = component["type"]
    match = _PLACEHOLDER_RE.fullmatch(value)
    if match is None and _PLACEHOLDER_PREFIX in value:
        raise _UnsafeShape(f"placeholder inside {value!r}")
    if kind == "blank node":
        if match:
            raise _UnsafeShape("placeholder used as blank node")
        return (0, value)
    if kind == "IRI":
        if match:
            slot = int(match.group(1))
            slot_kinds.setdefault(slot, "iri")
            if slot_kinds[slot] != "iri":
                raise _UnsafeShape("slot used as IRI and literal")
            return (1, slot)
        return (0, "<" + value + ">")
    datatype = component.get("datatype")
    if datatype == _RDF_LANGSTRING:
        suffix = '"' + ("@" + component["language"] if component.get("language") else "")
    elif datatype and datatype != _XSD_STRING:
        suffix = '"^^<' + datatype + ">"
    else:
        suffix = '"'
    if match:
        slot = int(match.group(1))
        slot_kinds.setdefault(slot, "literal")
        if slot_kinds[slot] != "literal":
            raise _UnsafeShape("slot used as IRI and literal")
        return (2, slot, suffix)
    return (0, '"' + escape_literal(value) + suffix)


def _compile(document: dict, leaves: list, fixed: dict[int, object]) -> _Template:
    """Run pyld once on a placeholder copy of `document` and keep its quads as a template."""
    probe = _with_placeholders(document, [0], fixed, scalars_too=False)
    dataset = jsonld.to_rdf(probe, _PYLD_OPTIONS)
    template = _Template()
    slot_kinds: dict[int, str] = {}
    try:
        for graph_name, triples in dataset.items():
            graph_op = None
            if graph_name != "@default":
                graph_type = "blank node" if graph_name.startswith("_:") else "IRI"
                graph_op = _component_op({"type": graph_type, "value": graph_name}, slot_kinds)
            for triple in triples:
                template.quads.append((
                    _component_op(triple["subject"], slot_kinds),
                    (0, "<" + triple["predicate"]["value"] + ">"),
                    _component_op(triple["object"], slot_kinds),
                    graph_op,
                ))
        expected = {i for i, leaf in enumerate(leaves) if isinstance(leaf, str) and i not in fixed}
        if set(slot_kinds) != expected:
            raise _UnsafeShape("some data strings did not reach the dataset")
    except _UnsafeShape:
        return _Template(unsafe=True)
    template.iri_slots = tuple(sorted(s for s, k in slot_kinds.items() if k == "iri"))
    template.literal_slots = tuple(sorted(s for s, k in slot_kinds.items() if k == "literal"))
    template.plan = _labelling_plan(template.quads, len(leaves))
    return template


def _serialize(quad: tuple[str, str, str, str]) -> str:
    if quad[3]:
        return f"{quad[0]} {quad[1]} {quad[2]} {quad[3]} .\n"
    return f"{quad[0]} {quad[1]} {quad[2]} .\n"


def _is_blank(component: str) -> bool:
    return component.startswith("_:")


def rdfc_label(quads: list[tuple[str, str, str, str]]) -> str | None:
    """RDFC-1.0 over a small dataset by first-degree hashes; None when two blank nodes tie (the caller
    then needs the full algorithm)."""
    quads = list(dict.fromkeys(quads))  # a dataset is a set (pyld merges duplicate values too)
    mentions: dict[str, list[tuple]] = {}
    for quad in quads:
        for position in (0, 2, 3):
            component = quad[position]
            if component and _is_blank(component):
                mentions.setdefault(component, []).append(quad)
    if not mentions:
        return "".join(sorted(_serialize(q) for q in quads))
    by_hash: dict[str, str] = {}
    for node, node_quads in mentions.items():
        lines = sorted(
            _serialize(tuple(
                ("_:a" if c == node else "_:z") if (c and _is_blank(c) and i != 1) else c
                for i, c in enumerate(q)
            ))
            for q in node_quads
        )
        digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
        if digest in by_hash:
            return None
        by_hash[digest] = node
    labels = {node: f"_:c14n{i}" for i, (_, node) in enumerate(sorted(by_hash.items()))}
    return "".join(sorted(
        _serialize(tuple(labels.get(c, c) if i != 1 else c for i, c in enumerate(q))) for q in quads
    ))


@dataclass
class _ShapeEntry:
    template: _Template | None = None
    error: UndefinedTermError | None = None
    checked_fixed: dict = field(default_factory=dict)


class FastCanonicalizer:
    """RDFC-1.0 canonicaliser that compiles each document shape once with pyld (see module doc)."""

    def __init__(self, max_shapes: int = 512):
        self._shapes: OrderedDict[object, _ShapeEntry] = OrderedDict()
        self._max_shapes = max_shapes

    def __call__(self, document: dict) -> str:
        return self.canonicalize(document)

    def canonicalize(self, document: dict) -> str:
        """Canonical N-Quads of `document`, byte-identical to `reference_canonicalize`."""
        leaves: list = []
        try:
            key = _shape(document, leaves)
        except TypeError:
            raise ValueError("a credential must contain only JSON values") from None
        entry = self._shapes.get(key)
        if entry is None:
            entry = self._new_shape(document, leaves, key)
        if entry.error is not None:
            raise UndefinedTermError(list(entry.error.problems))
        template = entry.template
        bad = [slot for slot in template.iri_slots if not _is_identity_iri(leaves[slot])]
        if bad:
            fixed_key = tuple((slot, leaves[slot]) for slot in bad)
            special = template.specialised.get(fixed_key)
            if special is None:
                check_defined(document)  # these exact IRI values may be relative or undefined terms
                special = _compile(document, leaves, dict(fixed_key))
                if len(template.specialised) < 64:
                    template.specialised[fixed_key] = special
            template = special
        if not template.unsafe:
            labelled = template.canonical_nquads(leaves)
            if labelled is None:  # a tie or coinciding quads: the general labeller settles what it can
                labelled = rdfc_label(template.render(leaves))
            if labelled is not None:
                return labelled
        return jsonld.normalize(document, _NORMALIZE_OPTIONS)

    def _new_shape(self, document: dict, leaves: list, key: object) -> _ShapeEntry:
        _check_context(document)
        entry = _ShapeEntry()
        problems = _structural_problems(document)
        if problems:
            entry.error = UndefinedTermError(problems)
        else:
            entry.template = _compile(document, leaves, {})
        self._shapes[key] = entry
        if len(self._shapes) > self._max_shapes:
            self._shapes.popitem(last=False)
        return entry


_default = FastCanonicalizer()


def canonicalize(document: dict) -> str:
    """The project's canonicaliser (fast path, shared shape cache)."""
    return _default.canonicalize(document)
