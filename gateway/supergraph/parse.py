"""Read a supergraph SDL (from a file or an http(s) URL) and build the planning model."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from graphql import (
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    SelectionSetNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
)
from graphql.language import OperationDefinitionNode, TypeDefinitionNode

from gateway.errors import SupergraphError
from gateway.supergraph.api_schema import build_api_schema
from gateway.supergraph.links import Links, directive_args, resolve_links
from gateway.supergraph.model import (
    FieldInfo,
    FieldSource,
    Key,
    PolicyRequirement,
    Subgraph,
    Supergraph,
    TypeInfo,
)
from gateway.supergraph.spec import POLICY_SPEC

__all__ = ["read_supergraph_source", "parse_supergraph", "parse_field_set"]


def read_supergraph_source(source: str, *, timeout: float = 10.0) -> str:
    """Return the SDL at ``source``: a file path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=timeout) as resp:  # noqa: S310
                body: bytes = resp.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SupergraphError(f"cannot fetch the supergraph from {source}: {exc}") from exc
        return body.decode("utf-8")
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SupergraphError(f"supergraph file not found: {source}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SupergraphError(f"cannot read the supergraph file {source}: {exc}") from exc


def parse_field_set(text: str, *, what: str) -> SelectionSetNode:
    """Parse a field set (a selection set without braces) such as ``"id sku"``."""
    try:
        doc = parse("{" + text + "}", no_location=True)
    except GraphQLSyntaxError as exc:
        raise SupergraphError(f"{what}: invalid field set {text!r}: {exc.message}") from exc
    op = doc.definitions[0]
    if not isinstance(op, OperationDefinitionNode):
        raise SupergraphError(f"{what}: invalid field set {text!r}")
    return op.selection_set


class _Reader:
    """Builds a :class:`Supergraph` from a parsed document, one concern per method."""

    def __init__(self, sdl: str, document: DocumentNode, links: Links) -> None:
        self.sdl = sdl
        self.document = document
        self.links = links
        join = links.join
        self.d_graph = join.directive("graph")
        self.d_type = join.directive("type")
        self.d_field = join.directive("field")
        self.d_implements = join.directive("implements")
        self.d_member = join.directive("unionMember")
        self.d_enum_value = join.directive("enumValue")
        self.graph_enum = join.type_name("Graph")
        self.graphs: dict[str, Subgraph] = {}
        policy = links.get(POLICY_SPEC)
        self.d_policy = policy.directive("policy") if policy is not None else None
        self.policies: dict[str, PolicyRequirement] = {}

    def _apps(self, directives: tuple[DirectiveNode, ...] | None,
              name: str) -> list[dict[str, object]]:
        return [directive_args(d) for d in directives or () if d.name.value == name]

    def read_graphs(self) -> None:
        for d in self.document.definitions:
            if isinstance(d, EnumTypeDefinitionNode) and d.name.value == self.graph_enum:
                for v in d.values or ():
                    args = self._apps(v.directives, self.d_graph)
                    if not args:
                        raise SupergraphError(
                            f"{self.graph_enum}.{v.name.value} has no @{self.d_graph}")
                    name, url = args[0].get("name"), args[0].get("url")
                    if not isinstance(name, str) or not isinstance(url, str):
                        raise SupergraphError(
                            f"@{self.d_graph} on {v.name.value} needs name and url")
                    if any(g.name == name for g in self.graphs.values()):
                        raise SupergraphError(f"subgraph {name!r} is declared twice")
                    self.graphs[v.name.value] = Subgraph(name=name, enum_value=v.name.value,
                                                         url=url)
        if not self.graphs:
            raise SupergraphError(f"the supergraph declares no subgraphs (enum {self.graph_enum})")

    def graph(self, value: object, where: str) -> str:
        sg = self.graphs.get(value) if isinstance(value, str) else None
        if sg is None:
            raise SupergraphError(f"{where}: unknown subgraph {value!r}")
        return sg.name

    def read_type(self, node: TypeDefinitionNode) -> TypeInfo:
        name = node.name.value
        apps = self._apps(node.directives, self.d_type)
        subgraphs: list[str] = []
        keys: dict[str, list[Key]] = {}
        iface_objects: set[str] = set()
        for a in apps:
            sg = self.graph(a.get("graph"), f"@{self.d_type} on {name}")
            if sg not in subgraphs:
                subgraphs.append(sg)
            if isinstance(a.get("key"), str):
                text = str(a["key"])
                sel = parse_field_set(text, what=f"key of {name} in {sg}")
                keys.setdefault(sg, []).append(
                    Key(text, sel, a.get("resolvable", True) is not False))
            if a.get("isInterfaceObject") is True:
                iface_objects.add(sg)
        info = TypeInfo(name=name, subgraphs=tuple(subgraphs),
                        keys={k: tuple(v) for k, v in keys.items()},
                        interface_object_in=frozenset(iface_objects))
        self._read_policy(name, node.directives)
        if isinstance(node, (ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode)):
            self._read_implements(node, info)
            for f in node.fields or ():
                info.fields[f.name.value] = self._read_field(name, f.name.value, f.directives, info)
                self._read_policy(f"{name}.{f.name.value}", f.directives)
        if isinstance(node, UnionTypeDefinitionNode):
            members: dict[str, set[str]] = {}
            for a in self._apps(node.directives, self.d_member):
                sg = self.graph(a.get("graph"), f"@{self.d_member} on {name}")
                members.setdefault(sg, set()).add(str(a.get("member")))
            info.members = {k: frozenset(v) for k, v in members.items()}
        if isinstance(node, EnumTypeDefinitionNode):
            self._read_enum_values(node, info)
        return info

    def _read_policy(self, coordinate: str, directives: tuple[DirectiveNode, ...] | None) -> None:
        """Record ``@policy(policies: [[...]])`` on a type or field (policy spec v0.1)."""
        if self.d_policy is None:
            return
        for args in self._apps(directives, self.d_policy):
            raw = args.get("policies")
            if not isinstance(raw, list) or not all(
                    isinstance(alt, list) and all(isinstance(p, str) for p in alt) for alt in raw):
                raise SupergraphError(f"@{self.d_policy} on {coordinate}: policies must be a "
                                      "list of lists of policy names")
            self.policies[coordinate] = tuple(frozenset(alt) for alt in raw)

    def _read_implements(self, node: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode,
                         info: TypeInfo) -> None:
        apps = self._apps(node.directives, self.d_implements)
        if apps:
            impl: dict[str, set[str]] = {}
            for a in apps:
                sg = self.graph(a.get("graph"), f"@{self.d_implements} on {info.name}")
                impl.setdefault(sg, set()).add(str(a.get("interface")))
            info.implements = {k: frozenset(v) for k, v in impl.items()}
        else:  # join v0.1 style: implements wherever both types exist (refined later)
            names = frozenset(i.name.value for i in node.interfaces or ())
            info.implements = {sg: names for sg in info.subgraphs}

    def _read_enum_values(self, node: EnumTypeDefinitionNode, info: TypeInfo) -> None:
        values: dict[str, set[str]] = {}
        for v in node.values or ():
            for a in self._apps(v.directives, self.d_enum_value):
                sg = self.graph(a.get("graph"),
                                f"@{self.d_enum_value} on {info.name}.{v.name.value}")
                values.setdefault(sg, set()).add(v.name.value)
        info.enum_values = {k: frozenset(v) for k, v in values.items()}

    def _read_field(self, type_name: str, field_name: str,
                    directives: tuple[DirectiveNode, ...] | None, info: TypeInfo) -> FieldInfo:
        where = f"{type_name}.{field_name}"
        apps = self._apps(directives, self.d_field)
        if not apps:
            sources = {sg: FieldSource(sg, None, False, None, None) for sg in info.subgraphs}
            return FieldInfo(field_name, sources, tuple(info.subgraphs))
        sources: dict[str, FieldSource] = {}
        for a in apps:
            if a.get("contextArguments") is not None:
                raise SupergraphError(f"{where}: @fromContext (contextArguments) is not supported")
            if a.get("graph") is None:
                continue  # supplied by an interface object, not by any subgraph on this type
            sg = self.graph(a.get("graph"), f"@{self.d_field} on {where}")
            if sg not in info.subgraphs:
                raise SupergraphError(
                    f"{where} is joined to {sg!r}, which does not define {type_name}")
            label = a.get("overrideLabel")
            label = label if isinstance(label, str) else None
            external = (a.get("external") is True
                        or (a.get("usedOverridden") is True and label is None))
            requires = a.get("requires")
            provides = a.get("provides")
            sources[sg] = FieldSource(
                subgraph=sg,
                type=a.get("type") if isinstance(a.get("type"), str) else None,  # type: ignore[arg-type]
                external=external,
                requires=parse_field_set(requires, what=f"requires of {where}")
                if isinstance(requires, str) else None,
                provides=parse_field_set(provides, what=f"provides of {where}")
                if isinstance(provides, str) else None,
                override_from=a.get("override") if isinstance(a.get("override"), str) else None,  # type: ignore[arg-type]
                override_label=label,
            )
        order = {name: i for i, name in enumerate(info.subgraphs)}
        sources = dict(sorted(sources.items(), key=lambda kv: order[kv[0]]))
        resolvers = tuple(sg for sg, s in sources.items() if not s.external)
        labelled = any(s.override_label is not None for s in sources.values())
        return FieldInfo(field_name, sources, resolvers, labelled)

    def build(self) -> Supergraph:
        self.read_graphs()
        types: dict[str, TypeInfo] = {}
        for d in self.document.definitions:
            if isinstance(d, TypeDefinitionNode) and not self.links.is_machinery_type(d.name.value):
                types[d.name.value] = self.read_type(d)
        try:
            schema = build_ast_schema(self.document)
        except (GraphQLError, TypeError) as exc:
            raise SupergraphError(f"the supergraph is not a valid schema: {exc}") from exc
        api = build_api_schema(self.document, self.links)
        join_version = self.links.join.url.version
        order = list(self.graphs.values())
        return Supergraph(sdl=self.sdl, document=self.document, schema=schema, api_schema=api,
                          subgraphs={sg.name: sg for sg in order}, types=types,
                          join_version=join_version, policies=self.policies)


def parse_supergraph(sdl: str) -> Supergraph:
    """Parse and check a federation v2 supergraph SDL, or raise :class:`SupergraphError`."""
    try:
        document = parse(sdl, no_location=False)
    except GraphQLSyntaxError as exc:
        raise SupergraphError(f"the supergraph is not valid GraphQL SDL: {exc.message} "
                              f"(line {exc.locations[0].line if exc.locations else '?'})") from exc
    links = resolve_links(document)
    supergraph = _Reader(sdl, document, links).build()
    _check_roots(supergraph)
    return supergraph


def _check_roots(supergraph: Supergraph) -> None:
    if supergraph.api_schema.query_type is None:
        raise SupergraphError("the supergraph has no query root type")
