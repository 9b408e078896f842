#!/usr/bin/env python3
"""Reference integrity for a Terraform configuration, without a terraform binary.

Usage: check_references.py [--format json|text] [--tfvars FILE ...] ROOT_DIR

Parses every ``.tf`` file under ROOT_DIR (skipping ``.terraform/``) as HCL2 with python-hcl2's
Lark grammar and checks, for the root module, every module it calls through a local source and
every other directory holding ``.tf`` files:

* every file parses as HCL2;
* ``var.X`` names a declared variable, ``local.X`` a declared local, ``module.X`` a module call
  (and ``module.X.Y`` an output of a local module), ``TYPE.NAME`` a declared resource,
  ``data.TYPE.NAME`` a data source, ``ephemeral.TYPE.NAME`` an ephemeral resource;
* ``each.*`` only where ``for_each`` is set, ``count.*`` only where ``count`` is set, and only the
  attributes that exist (``each.key``/``value``, ``count.index``, ``path.module``/``root``/``cwd``,
  ``terraform.workspace``/``applying``);
* a module call passes only variables the called module declares, and all that have no default;
* every variable has a ``type`` and a ``description``; every output has a ``description``;
* nothing is declared twice in one module;
* every key of ``ROOT/environments/*.tfvars`` (and ``ROOT/*.tfvars``, ``--tfvars`` files) is a
  declared variable of the root module.

References inside quoted templates and heredocs are checked too; names bound by ``for``
expressions, template ``%{ for }`` directives and ``dynamic`` block iterators are in scope where
Terraform puts them; function names (including ``provider::NS::FN``) are not references.

Output: a JSON document ``{"root", "files_parsed", "modules", "tfvars", "findings": [{"file",
"line", "code", "message"}], "ok"}`` (or readable lines with ``--format text``). Exit status 0
when there are no findings, 1 when there are, 2 when the tool cannot run.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Iterable, Optional

try:
    from hcl2.api import parses_to_tree
    from lark import Token, Tree
    from lark.exceptions import LarkError
except ImportError as exc:  # pragma: no cover - environment problem, not a finding
    print(f"error: python-hcl2 is not installed ({exc}); run make iac-tools", file=sys.stderr)
    sys.exit(2)

META_MODULE_ARGS = {"source", "version", "count", "for_each", "providers", "depends_on"}
# Roots that are always in scope; the allowed attribute names where Terraform fixes them.
BUILTIN_ROOTS: dict[str, Optional[set[str]]] = {
    "path": {"module", "root", "cwd"},
    "terraform": {"workspace", "applying"},
    "self": None,
}
TRAVERSALS = {"get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term"}


@dataclass
class Finding:
    file: str
    line: Optional[int]
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "code": self.code, "message": self.message}


@dataclass
class Decl:
    file: str
    line: Optional[int]


@dataclass
class ModuleCall:
    name: str
    file: str
    line: Optional[int]
    source: Optional[str]
    args: dict[str, Optional[int]]


@dataclass
class Module:
    path: str
    files: list[str] = field(default_factory=list)
    variables: dict[str, Decl] = field(default_factory=dict)
    required_variables: set[str] = field(default_factory=set)
    locals: dict[str, Decl] = field(default_factory=dict)
    outputs: dict[str, Decl] = field(default_factory=dict)
    resources: dict[tuple[str, str], Decl] = field(default_factory=dict)
    data: dict[tuple[str, str], Decl] = field(default_factory=dict)
    ephemeral: dict[tuple[str, str], Decl] = field(default_factory=dict)
    calls: dict[str, ModuleCall] = field(default_factory=dict)
    # (file, block tree) of every top-level block; their expressions are checked in pass two
    blocks: list[tuple[str, Tree]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Lark tree helpers
# ---------------------------------------------------------------------------------------------


def line_of(node, default: Optional[int] = None) -> Optional[int]:
    if isinstance(node, Token):
        return node.line
    meta = getattr(node, "meta", None)
    if meta is not None and not getattr(meta, "empty", True):
        return meta.line
    return default


def trees(node: Tree) -> list[Tree]:
    return [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


def name_of(node) -> str:
    """Text of an identifier / keyword / literal_value / string label node."""
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        return "".join(str(t) for part in trees(node) for t in part.children if isinstance(t, Token))
    return "".join(str(t) for t in node.children if isinstance(t, Token))


def block_parts(block: Tree) -> tuple[str, list[str], Tree]:
    kids = [c for c in block.children if not (isinstance(c, Tree) and c.data == "new_line_or_comment")]
    head = [c for c in kids if isinstance(c, Tree) and c.data != "body"]
    body = next(c for c in kids if isinstance(c, Tree) and c.data == "body")
    return name_of(head[0]), [name_of(h) for h in head[1:]], body


def body_items(body: Tree) -> Iterable[Tree]:
    return (c for c in body.children if isinstance(c, Tree) and c.data in ("attribute", "block"))


def attr_parts(attr: Tree) -> tuple[str, Tree]:
    kids = trees(attr)
    return name_of(kids[0]), kids[-1]


def attributes(body: Tree) -> dict[str, Tree]:
    return {attr_parts(a)[0]: a for a in body_items(body) if a.data == "attribute"}


def blocks(body: Tree) -> list[Tree]:
    return [b for b in body_items(body) if b.data == "block"]


def bare_identifier(expr) -> Optional[str]:
    """`foo` when the expression is just a bare identifier."""
    if isinstance(expr, Tree) and expr.data == "expr_term":
        kids = trees(expr)
        if len(kids) == 1 and kids[0].data == "identifier":
            return name_of(kids[0])
    return None


def string_value(expr) -> Optional[str]:
    """The literal text of a quoted string without interpolations, else None."""
    if isinstance(expr, Tree) and expr.data == "expr_term":
        kids = trees(expr)
        if len(kids) == 1 and kids[0].data == "string":
            parts = trees(kids[0])
            if all(all(isinstance(t, Token) and t.type == "STRING_CHARS" for t in p.children) for p in parts):
                return name_of(kids[0])
    return None


# ---------------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------------


@dataclass
class Ctx:
    """Where an expression sits: its file, the module, and which meta-arguments are set."""

    module: Module
    file: str
    line: Optional[int]
    has_each: bool = False
    has_count: bool = False
    where: str = ""
    fixed_line: bool = False  # expressions re-parsed from a heredoc: report the heredoc's line


class Checker:
    def __init__(self, root: str, tfvars: list[str]):
        self.root = os.path.abspath(root)
        self.extra_tfvars = tfvars
        self.findings: list[Finding] = []
        self.modules: dict[str, Module] = {}
        self.files_parsed = 0
        self.tfvars_checked: list[str] = []
        self.external_sources: list[str] = []

    # -- reporting ------------------------------------------------------------------------------
    def rel(self, path: str) -> str:
        rel = os.path.relpath(path)
        return path if rel.startswith("..") else rel

    def add(self, file: str, line: Optional[int], code: str, message: str) -> None:
        self.findings.append(Finding(self.rel(file), line, code, message))

    # -- parsing --------------------------------------------------------------------------------
    def parse_file(self, path: str) -> Optional[Tree]:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            self.add(path, None, "unreadable", f"cannot read file: {exc}")
            return None
        try:
            tree = parses_to_tree(text)
        except LarkError as exc:
            line = getattr(exc, "line", None)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self.add(path, line if isinstance(line, int) and line > 0 else None, "hcl-parse",
                     f"not valid HCL2: {first}")
            return None
        self.files_parsed += 1
        return tree

    def load_module(self, path: str) -> Module:
        path = os.path.abspath(path)
        if path in self.modules:
            return self.modules[path]
        mod = Module(path)
        self.modules[path] = mod
        for file in sorted(glob.glob(os.path.join(path, "*.tf"))):
            mod.files.append(file)
            tree = self.parse_file(file)
            if tree is not None:
                self.collect(mod, file, tree)
        return mod

    def declare(self, table: dict, key, file: str, line: Optional[int], what: str) -> None:
        if key in table:
            prev = table[key]
            self.add(file, line, "duplicate", f"{what} is declared twice (first at {self.rel(prev.file)}:{prev.line})")
        else:
            table[key] = Decl(file, line)

    def collect(self, mod: Module, file: str, tree: Tree) -> None:
        body = trees(tree)[0]
        for item in body_items(body):
            line = line_of(item)
            if item.data == "attribute":
                name, _ = attr_parts(item)
                self.add(file, line, "hcl-structure", f"top-level argument `{name}` is not allowed in a .tf file")
                continue
            kind, labels, inner = block_parts(item)
            mod.blocks.append((file, item))
            if kind == "variable" and len(labels) == 1:
                name = labels[0]
                self.declare(mod.variables, name, file, line, f"variable \"{name}\"")
                attrs = attributes(inner)
                if "default" not in attrs:
                    mod.required_variables.add(name)
                if "type" not in attrs:
                    self.add(file, line, "variable-type", f"variable \"{name}\" has no type")
                if "description" not in attrs:
                    self.add(file, line, "variable-description", f"variable \"{name}\" has no description")
            elif kind == "locals":
                for attr in body_items(inner):
                    if attr.data == "attribute":
                        self.declare(mod.locals, attr_parts(attr)[0], file, line_of(attr, line),
                                     f"local.{attr_parts(attr)[0]}")
            elif kind == "output" and len(labels) == 1:
                self.declare(mod.outputs, labels[0], file, line, f"output \"{labels[0]}\"")
                if "description" not in attributes(inner):
                    self.add(file, line, "output-description", f"output \"{labels[0]}\" has no description")
            elif kind in ("resource", "data", "ephemeral") and len(labels) == 2:
                table = {"resource": mod.resources, "data": mod.data, "ephemeral": mod.ephemeral}[kind]
                prefix = "" if kind == "resource" else kind + "."
                self.declare(table, (labels[0], labels[1]), file, line, f"{prefix}{labels[0]}.{labels[1]}")
            elif kind == "check":
                for sub in blocks(inner):
                    skind, slabels, _ = block_parts(sub)
                    if skind == "data" and len(slabels) == 2:
                        self.declare(mod.data, (slabels[0], slabels[1]), file, line_of(sub, line),
                                     f"data.{slabels[0]}.{slabels[1]}")
            elif kind == "module" and len(labels) == 1:
                attrs = attributes(inner)
                source = string_value(attr_parts(attrs["source"])[1]) if "source" in attrs else None
                if "source" not in attrs:
                    self.add(file, line, "module-source", f"module \"{labels[0]}\" has no source")
                args = {n: line_of(a, line) for n, a in attrs.items() if n not in META_MODULE_ARGS}
                if labels[0] in mod.calls:
                    prev = mod.calls[labels[0]]
                    self.add(file, line, "duplicate",
                             f"module \"{labels[0]}\" is declared twice (first at {self.rel(prev.file)}:{prev.line})")
                else:
                    mod.calls[labels[0]] = ModuleCall(labels[0], file, line, source, args)

    # -- module calls ---------------------------------------------------------------------------
    @staticmethod
    def is_local_source(source: Optional[str]) -> bool:
        return bool(source) and (source.startswith("./") or source.startswith("../"))

    def callee(self, mod: Module, call: ModuleCall) -> Optional[Module]:
        if not self.is_local_source(call.source):
            return None
        target = os.path.normpath(os.path.join(mod.path, call.source))
        if not os.path.isdir(target) or target not in self.modules:
            return None
        return self.modules[target]

    def load_calls(self, mod: Module) -> None:
        for call in mod.calls.values():
            if not self.is_local_source(call.source):
                if call.source:
                    self.external_sources.append(call.source)
                continue
            target = os.path.normpath(os.path.join(mod.path, call.source))
            if not os.path.isdir(target) or not glob.glob(os.path.join(target, "*.tf")):
                self.add(call.file, call.line, "module-source",
                         f"module \"{call.name}\": source {call.source} is not a directory with .tf files")
                continue
            fresh = target not in self.modules
            callee = self.load_module(target)
            if fresh:
                self.load_calls(callee)

    def check_calls(self, mod: Module) -> None:
        for call in mod.calls.values():
            callee = self.callee(mod, call)
            if callee is None:
                continue
            for arg, line in sorted(call.args.items()):
                if arg not in callee.variables:
                    self.add(call.file, line, "module-argument",
                             f"module \"{call.name}\" passes `{arg}`, which {call.source} does not declare as a variable")
            for req in sorted(callee.required_variables - set(call.args)):
                self.add(call.file, call.line, "module-missing-argument",
                         f"module \"{call.name}\" does not pass `{req}`, a required variable (no default) of {call.source}")

    # -- expressions ----------------------------------------------------------------------------
    def check_blocks(self, mod: Module) -> None:
        for file, block in mod.blocks:
            kind, labels, body = block_parts(block)
            ctx = Ctx(mod, file, line_of(block), where=" ".join([kind, *labels]))
            if kind in ("terraform", "moved", "removed"):
                continue  # settings and old addresses, no expressions that resolve here
            if kind == "variable":
                self.walk_body(body, ctx, frozenset(), skip_attrs={"type"})
            elif kind == "import":
                ctx.has_each = "for_each" in attributes(body)
                self.walk_body(body, ctx, frozenset(), skip_attrs={"to", "provider"})
            elif kind in ("resource", "data", "ephemeral", "module"):
                attrs = attributes(body)
                ctx.has_each = "for_each" in attrs
                ctx.has_count = "count" in attrs
                skip = {"provider", "source", "version", "providers"} if kind == "module" else {"provider"}
                self.walk_body(body, ctx, frozenset(), skip_attrs=skip)
            elif kind == "check":
                for sub in body_items(body):
                    if sub.data == "block":
                        skind, _, sbody = block_parts(sub)
                        sattrs = attributes(sbody)
                        sctx = Ctx(mod, file, line_of(sub), has_each="for_each" in sattrs,
                                   has_count="count" in sattrs, where=ctx.where)
                        self.walk_body(sbody, sctx, frozenset(), skip_attrs={"provider"})
                    else:
                        self.walk_expr(attr_parts(sub)[1], ctx, frozenset())
            else:  # locals, output, provider and anything newer
                self.walk_body(body, ctx, frozenset())

    def walk_body(self, body: Tree, ctx: Ctx, scope: frozenset, skip_attrs: set[str] = frozenset()) -> None:
        for item in body_items(body):
            if item.data == "attribute":
                name, expr = attr_parts(item)
                if name in skip_attrs:
                    continue
                self.walk_expr(expr, ctx, scope)
                continue
            kind, labels, inner = block_parts(item)
            if kind == "lifecycle":
                self.walk_body(inner, ctx, scope, skip_attrs={"ignore_changes"})
            elif kind == "dynamic" and labels:
                attrs = attributes(inner)
                iterator = labels[0]
                if "iterator" in attrs:
                    iterator = bare_identifier(attr_parts(attrs["iterator"])[1]) or iterator
                if "for_each" in attrs:
                    self.walk_expr(attr_parts(attrs["for_each"])[1], ctx, scope)
                self.walk_body(inner, ctx, scope | {iterator}, skip_attrs={"for_each", "iterator"})
            else:
                self.walk_body(inner, ctx, scope)

    def walk_expr(self, node, ctx: Ctx, scope: frozenset) -> None:
        if not isinstance(node, Tree):
            return
        data = node.data
        if data == "expr_term":
            kids = trees(node)
            if len(kids) == 1 and (kids[0].data == "identifier" or kids[0].data in TRAVERSALS):
                self.check_traversal(node, ctx, scope)
                return
            for kid in kids:
                self.walk_expr(kid, ctx, scope)
        elif data in ("for_tuple_expr", "for_object_expr"):
            inner = scope
            for kid in trees(node):
                if kid.data == "for_intro":
                    inner = self.for_intro(kid, ctx, scope)
                else:
                    self.walk_expr(kid, ctx, inner)
        elif data == "object_elem":
            key, value = trees(node)[0], trees(node)[-1]
            key_expr = trees(key)[0] if trees(key) else None
            if key_expr is not None and key_expr.data != "keyword" and bare_identifier(key_expr) is None:
                self.walk_expr(key_expr, ctx, scope)  # `(local.k) = v` or `"${var.k}" = v`
            self.walk_expr(value, ctx, scope)
        elif data == "function_call":
            for kid in trees(node):
                if kid.data == "arguments":
                    self.walk_expr(kid, ctx, scope)
        elif data == "string":
            self.walk_template_parts([p for p in trees(node)], ctx, scope)
        elif data in ("heredoc_template", "heredoc_template_trim"):
            token = node.children[0]
            self.walk_heredoc(str(token), token.line, ctx, scope)
        elif data in ("identifier", "keyword", "literal_value", "template_string"):
            return
        else:
            for kid in trees(node):
                self.walk_expr(kid, ctx, scope)

    def for_intro(self, intro: Tree, ctx: Ctx, scope: frozenset) -> frozenset:
        names: list[str] = []
        seen_in = False
        for kid in intro.children:
            if isinstance(kid, Token):
                if kid.type == "IN":
                    seen_in = True
                continue
            if kid.data == "new_line_or_comment":
                continue
            if not seen_in and kid.data == "identifier":
                names.append(name_of(kid))
            elif seen_in:
                self.walk_expr(kid, ctx, scope)  # the collection is evaluated outside the loop
        return scope | set(names)

    def walk_template_parts(self, parts: list[Tree], ctx: Ctx, scope: frozenset) -> None:
        stack: list[frozenset] = []
        for part in parts:
            for item in trees(part):
                if item.data == "interpolation":
                    for kid in trees(item):
                        self.walk_expr(kid, ctx, scope)
                elif item.data == "template_if_start":
                    for kid in trees(item):
                        self.walk_expr(kid, ctx, scope)
                elif item.data == "template_for_start":
                    stack.append(scope)
                    scope = self.for_intro(item, ctx, scope)
                elif item.data == "template_endfor" and stack:
                    scope = stack.pop()

    # Heredoc bodies are one token in the grammar: find their ${...} and %{...} sequences here.
    DIRECTIVE_FOR = re.compile(r"^for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\s+in\s+(.+)$", re.S)

    def walk_heredoc(self, text: str, line: int, ctx: Ctx, scope: frozenset) -> None:
        first_nl = text.find("\n")
        body = text[first_nl + 1:]
        base_line = line + 1
        stack: list[frozenset] = []
        i = 0
        while i < len(body):
            if body.startswith("$${", i) or body.startswith("%%{", i):
                i += 3
                continue
            if not (body.startswith("${", i) or body.startswith("%{", i)):
                i += 1
                continue
            end = self.matching_brace(body, i + 1)
            at = base_line + body.count("\n", 0, i)
            if end < 0:
                self.add(ctx.file, at, "hcl-parse", "unterminated template sequence in heredoc")
                return
            inner = body[i + 2:end].strip()
            inner = inner[1:] if inner.startswith("~") else inner
            inner = inner[:-1] if inner.endswith("~") else inner
            inner = inner.strip()
            sub = Ctx(ctx.module, ctx.file, at, ctx.has_each, ctx.has_count, ctx.where, fixed_line=True)
            if body[i] == "$":
                self.walk_snippet(inner, sub, scope)
            else:
                match = self.DIRECTIVE_FOR.match(inner)
                if match:
                    self.walk_snippet(match.group(3), sub, scope)
                    stack.append(scope)
                    scope = scope | {n for n in match.group(1, 2) if n}
                elif inner.startswith("if ") or inner.startswith("if("):
                    self.walk_snippet(inner[2:], sub, scope)
                elif inner == "endfor" and stack:
                    scope = stack.pop()
            i = end + 1

    @staticmethod
    def matching_brace(text: str, open_at: int) -> int:
        depth, i, quote = 0, open_at, False
        while i < len(text):
            ch = text[i]
            if quote:
                if ch == "\\":
                    i += 2
                    continue
                if ch == '"':
                    quote = False
            elif ch == '"':
                quote = True
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return -1

    def walk_snippet(self, expr_text: str, ctx: Ctx, scope: frozenset) -> None:
        try:
            tree = parses_to_tree(f"__snippet = {expr_text}\n")
        except LarkError:
            self.add(ctx.file, ctx.line, "hcl-parse", f"cannot parse template expression `{expr_text.strip()}`")
            return
        attr = next(body_items(trees(tree)[0]))
        self.walk_expr(attr_parts(attr)[1], ctx, scope)

    # -- references -----------------------------------------------------------------------------
    def flatten(self, term: Tree) -> tuple[Tree, list[tuple[str, object]]]:
        """expr_term -> (base expr_term, steps); steps are ('attr', name), ('index', expr|None), ('splat', [...])."""
        kid = trees(term)[0]
        if kid.data not in TRAVERSALS:
            return term, []
        sub = trees(kid)
        base, steps = self.flatten(sub[0])
        op = sub[1]
        if kid.data == "get_attr_expr_term":
            steps.append(("attr", name_of(trees(op)[0])))
        elif kid.data == "index_expr_term":
            exprs = trees(op)
            steps.append(("index", exprs[0] if op.data == "braces_index" and exprs else None))
        else:
            inner = []
            for o in trees(op):
                if o.data == "get_attr":
                    inner.append(("attr", name_of(trees(o)[0])))
                else:
                    exprs = trees(o)
                    inner.append(("index", exprs[0] if o.data == "braces_index" and exprs else None))
            steps.append(("splat", inner))
        return base, steps

    def check_traversal(self, term: Tree, ctx: Ctx, scope: frozenset) -> None:
        base, steps = self.flatten(term)
        # Index expressions inside the traversal are ordinary expressions.
        for kind, value in steps:
            if kind == "index" and value is not None:
                self.walk_expr(value, ctx, scope)
            elif kind == "splat":
                for k, v in value:
                    if k == "index" and v is not None:
                        self.walk_expr(v, ctx, scope)
        root = bare_identifier(base)
        if root is None:
            self.walk_expr(trees(base)[0] if trees(base) else base, ctx, scope)
            return
        line = ctx.line if ctx.fixed_line else line_of(term, ctx.line)
        attrs = [v for k, v in steps[: self.leading_attrs(steps)]]
        mod = ctx.module
        file = ctx.file

        def need(n: int, what: str) -> bool:
            if len(attrs) < n:
                self.add(file, line, "reference", f"`{root}` must be followed by {what} (in {ctx.where})")
                return False
            return True

        if root in scope:
            return
        if root == "var":
            if need(1, "a variable name") and attrs[0] not in mod.variables:
                self.add(file, line, "undeclared-variable",
                         f"var.{attrs[0]} is not a declared variable of {self.rel(mod.path) or '.'} (in {ctx.where})")
        elif root == "local":
            if need(1, "a local name") and attrs[0] not in mod.locals:
                self.add(file, line, "undeclared-local",
                         f"local.{attrs[0]} is not declared in {self.rel(mod.path) or '.'} (in {ctx.where})")
        elif root == "module":
            if need(1, "a module name"):
                self.check_module_ref(attrs[0], steps[1:], ctx, line)
        elif root in ("data", "ephemeral"):
            if need(2, "a type and a name"):
                table = mod.data if root == "data" else mod.ephemeral
                if (attrs[0], attrs[1]) not in table:
                    self.add(file, line, "undeclared-resource",
                             f"{root}.{attrs[0]}.{attrs[1]} is not declared in {self.rel(mod.path) or '.'} (in {ctx.where})")
        elif root == "each":
            if not ctx.has_each:
                self.add(file, line, "reference", f"each.{attrs[0] if attrs else '*'} used in a block without for_each (in {ctx.where})")
            elif need(1, "key or value") and attrs[0] not in ("key", "value"):
                self.add(file, line, "reference", f"each.{attrs[0]} does not exist: use each.key or each.value")
        elif root == "count":
            if not ctx.has_count:
                self.add(file, line, "reference", f"count.{attrs[0] if attrs else '*'} used in a block without count (in {ctx.where})")
            elif need(1, "index") and attrs[0] != "index":
                self.add(file, line, "reference", f"count.{attrs[0]} does not exist: use count.index")
        elif root in BUILTIN_ROOTS:
            allowed = BUILTIN_ROOTS[root]
            if allowed is not None and need(1, "an attribute") and attrs[0] not in allowed:
                self.add(file, line, "reference", f"{root}.{attrs[0]} does not exist (known: {', '.join(sorted(allowed))})")
        else:
            if not attrs:
                self.add(file, line, "reference",
                         f"`{root}` is not a known name here: not a variable, local, resource or iterator (in {ctx.where})")
            elif (root, attrs[0]) not in mod.resources:
                self.add(file, line, "undeclared-resource",
                         f"{root}.{attrs[0]} is not a declared resource of {self.rel(mod.path) or '.'} (in {ctx.where})")

    @staticmethod
    def leading_attrs(steps: list) -> int:
        n = 0
        for kind, _ in steps:
            if kind != "attr":
                break
            n += 1
        return n

    def check_module_ref(self, name: str, rest: list, ctx: Ctx, line: Optional[int]) -> None:
        mod = ctx.module
        if name not in mod.calls:
            self.add(ctx.file, line, "undeclared-module",
                     f"module.{name} is not a module call of {self.rel(mod.path) or '.'} (in {ctx.where})")
            return
        callee = self.callee(mod, mod.calls[name])
        if callee is None:
            return
        output = None
        for kind, value in rest:
            if kind == "index":
                continue
            if kind == "attr":
                output = value
            elif kind == "splat" and value and value[0][0] == "attr":
                output = value[0][1]
            break
        if output is not None and output not in callee.outputs:
            self.add(ctx.file, line, "undeclared-output",
                     f"module.{name}.{output}: {mod.calls[name].source} has no output \"{output}\" (in {ctx.where})")

    # -- tfvars ---------------------------------------------------------------------------------
    def check_tfvars(self, root: Module) -> None:
        files = set(self.extra_tfvars)
        for pattern in ("environments/*.tfvars", "*.tfvars"):
            files.update(glob.glob(os.path.join(self.root, pattern)))
        for file in sorted(os.path.abspath(f) for f in files):
            self.tfvars_checked.append(self.rel(file))
            tree = self.parse_file(file)
            if tree is None:
                continue
            for item in body_items(trees(tree)[0]):
                if item.data == "block":
                    self.add(file, line_of(item), "tfvars", "a .tfvars file holds only `name = value` lines, not blocks")
                    continue
                name, _ = attr_parts(item)
                if name not in root.variables:
                    self.add(file, line_of(item), "tfvars-undeclared",
                             f"`{name}` is not a declared variable of the root module {self.rel(self.root)}")

    # -- driver ---------------------------------------------------------------------------------
    def run(self) -> None:
        root = self.load_module(self.root)
        if not root.files:
            self.add(self.root, None, "empty", "no .tf files in the root directory")
        self.load_calls(root)
        # Every other directory with .tf files is parsed and checked as a module of its own.
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if any(f.endswith(".tf") for f in filenames) and os.path.abspath(dirpath) not in self.modules:
                self.load_calls(self.load_module(dirpath))
        for mod in list(self.modules.values()):
            self.check_calls(mod)
            self.check_blocks(mod)
        self.check_tfvars(root)

    def report(self) -> dict:
        findings = sorted(self.findings, key=lambda f: (f.file, f.line or 0, f.code, f.message))
        return {
            "root": self.rel(self.root),
            "files_parsed": self.files_parsed,
            "modules": [self.rel(m) or "." for m in sorted(self.modules)],
            "tfvars": self.tfvars_checked,
            "external_module_sources": sorted(set(self.external_sources)),
            "findings": [f.as_dict() for f in findings],
            "ok": not findings,
        }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="Terraform root module directory")
    parser.add_argument("--tfvars", action="append", default=[], help="extra .tfvars file to check (repeatable)")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.root):
        print(f"error: {args.root} is not a directory", file=sys.stderr)
        return 2
    checker = Checker(args.root, args.tfvars)
    checker.run()
    report = checker.report()
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for f in report["findings"]:
            where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
            print(f"{where}: [{f['code']}] {f['message']}")
        print(f"{report['files_parsed']} files parsed, {len(report['modules'])} modules, "
              f"{len(report['tfvars'])} tfvars files, {len(report['findings'])} findings")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
