"""Issuing bodies upload their own DOCX templates; their Jinja tags must never reach Python.

Every template (shipped or uploaded) renders in a sandboxed Jinja environment with autoescape and
no globals: attributes starting with ``_`` (``__class__``, ``__globals__`` …), unsafe callables and
huge ``range``/repetition are refused at run time. On upload a template is also read without being
run and refused when it names a placeholder the report does not provide or reaches a ``_``
attribute, so a mistake or an attack is reported to the person uploading it, in their language."""

from __future__ import annotations

import io

from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

# The placeholders a report gives its DOCX template (see render._docx_context); documented on the
# issuing-body form. ``loop`` is Jinja's own loop variable inside ``{% for %}``.
CONTEXT_NAMES = frozenset(
    {
        "superior",
        "body_name",
        "body_lines",
        "number",
        "national",
        "national_1",
        "national_2",
        "place_date",
        "title",
        "subtitle",
        "sections",
        "appendix",
        "signer_on_behalf",
        "signer_title",
        "signer_name",
        "recipients",
        "recipient_lines",
    }
)
ALLOWED_NAMES = CONTEXT_NAMES | {"loop"}
# Names Jinja resolves on its own, without the context, which meta does not report.
IMPLICIT_NAMES = frozenset({"self", "caller", "varargs", "kwargs"})
MAX_REPEAT = 100_000  # longest string/list a template may build with * (a report needs none)
MAX_POWER = 100


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus bounds on ``*`` and ``**`` so a template cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError("exponent too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                    if len(seq) * times > MAX_REPEAT:
                        raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


def environment() -> SandboxedEnvironment:
    env = TemplateSandbox(autoescape=True)
    env.globals.clear()  # no range, cycler, joiner, lipsum, namespace, dict: only the report's data
    return env


# ------------------------------------------------------------------------------------ reading
def template_sources(data: bytes) -> list[str]:
    """Every piece of a DOCX that docxtpl renders, after its own preprocessing (``{%p``, ``{%tr``,
    ``{{r`` and tags split across runs): body, headers, footers, footnotes, core properties."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    doc = Document(io.BytesIO(data))
    sources = [tpl.patch_xml(tpl.xml_to_string(doc._element.body))]
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            sources.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    for part in doc.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append(tpl.patch_xml(blob))
    props = doc.core_properties
    sources += [getattr(props, name) or "" for name in ("author", "comments", "identifier", "language", "subject")]
    sources.append(props.title or "")
    return sources


def _private_names(tree: nodes.Template) -> set[str]:
    """Attributes and keys starting with ``_`` (``x.__class__``, ``x["_y"]``, ``x|attr("__y")``)."""
    found = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem):
            name = node.arg.value if isinstance(node.arg, nodes.Const) else None
        else:
            name = (
                node.args[0].value
                if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const)
                else None
            )
        if isinstance(name, str) and name.startswith("_"):
            found.add(name)
    return found


def _names(tree: nodes.Template) -> set[str]:
    undeclared = set(meta.find_undeclared_variables(tree))
    implicit = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load" and n.name in IMPLICIT_NAMES}
    return undeclared | implicit


def inspect(data: bytes) -> tuple[list[str], list[str], set[str]]:
    """(unknown placeholders, ``_`` attributes, every placeholder used). Raises TemplateSyntaxError
    for broken tags."""
    env = environment()
    used, private = set(), set()
    for source in template_sources(data):
        if "{" not in source:
            continue
        tree = env.parse(source)
        used |= _names(tree)
        private |= _private_names(tree)
    return sorted(used - ALLOWED_NAMES), sorted(private), used


__all__ = ["ALLOWED_NAMES", "CONTEXT_NAMES", "SecurityError", "TemplateSyntaxError", "environment", "inspect"]
