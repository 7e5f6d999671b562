#!/usr/bin/env python3
"""Generates Sources/JSSyntax/AST+Generated.swift and Token+Generated.swift from the tables below.

Run: make generate (or python3 scripts/gen-ast.py [OUTPUT_ROOT]; OUTPUT_ROOT defaults to the repository root,
and a test renders into a scratch folder to find stale output). The output is committed; edit here, not there.
Field types: N = NodeID, N? = NodeID?, L = NodeList, anything else is a Swift type used as-is.
A node marked `text` prints its source text in dumps (names, literals).
"""
import os
import sys

NODES = """
program: body L
invalid
# statements
expressionStatement: expression N, directive Bool
blockStatement: body L
emptyStatement
debuggerStatement
withStatement: object N, body N
returnStatement: argument N?
labeledStatement: label N, body N
breakStatement: label N?
continueStatement: label N?
ifStatement: test N, consequent N, alternate N?
switchStatement: discriminant N, cases L
switchCase: test N?, consequent L
throwStatement: argument N
tryStatement: block N, handler N?, finalizer N?
catchClause: param N?, body N
whileStatement: test N, body N
doWhileStatement: body N, test N
forStatement: initializer N?, test N?, update N?, body N
forInStatement: left N, right N, body N
forOfStatement: left N, right N, body N, isAwait Bool
variableDeclaration: kind VariableKind, declarations L, declare Bool
variableDeclarator: id N, initializer N?, definite Bool
functionDeclaration: id N?, typeParameters N?, params L, returnType N?, body N?, flags FunctionFlags
functionExpression: id N?, typeParameters N?, params L, returnType N?, body N?, flags FunctionFlags
arrowFunction: typeParameters N?, params L, returnType N?, body N, flags FunctionFlags
classDeclaration: decorators L, id N?, typeParameters N?, superClass N?, superTypeArguments N?, implements L, body N, flags ClassFlags
classExpression: decorators L, id N?, typeParameters N?, superClass N?, superTypeArguments N?, implements L, body N, flags ClassFlags
classBody: body L
methodDefinition: decorators L, key N, value N, kind MethodKind, modifiers Modifiers
propertyDefinition: decorators L, key N, typeAnnotation N?, value N?, modifiers Modifiers
staticBlock: body L
# expressions
identifier text: typeAnnotation N?, optional Bool
privateIdentifier text
thisExpression
superExpression
stringLiteral text
numericLiteral text
bigIntLiteral text
booleanLiteral: value Bool
nullLiteral
regExpLiteral text
templateLiteral: quasis L, expressions L
templateElement text: tail Bool
taggedTemplate: tag N, typeArguments N?, quasi N
arrayExpression: elements L
elision
objectExpression: properties L
property: key N, value N, kind PropertyKind, flags PropertyFlags
spreadElement: argument N
unary: op UnaryOperator, argument N
update: op UpdateOperator, prefix Bool, argument N
binary: op BinaryOperator, left N, right N
logical: op LogicalOperator, left N, right N
assignment: op AssignmentOperator, left N, right N
conditional: test N, consequent N, alternate N
call: callee N, typeArguments N?, arguments L, optional Bool
new: callee N, typeArguments N?, arguments L
member: object N, property N, computed Bool, optional Bool
chain: expression N
sequence: expressions L
yield: argument N?, delegate Bool
await: argument N
metaProperty: meta N, property N
importExpression: source N, options N?
objectPattern: properties L, typeAnnotation N?
arrayPattern: elements L, typeAnnotation N?
restElement: argument N, typeAnnotation N?
assignmentPattern: left N, right N
decorator: expression N
decoratedParameter: decorators L, parameter N
# modules
importDeclaration: specifiers L, source N, attributes L, typeOnly Bool
importSpecifier: imported N, local N, typeOnly Bool
importDefaultSpecifier: local N
importNamespaceSpecifier: local N
importAttribute: key N, value N
exportNamedDeclaration: declaration N?, specifiers L, source N?, attributes L, typeOnly Bool
exportSpecifier: local N, exported N, typeOnly Bool
exportDefaultDeclaration: declaration N
exportAllDeclaration: exported N?, source N, attributes L, typeOnly Bool
# JSX
jsxElement: openingElement N, children L, closingElement N?
jsxOpeningElement: name N, typeArguments N?, attributes L, selfClosing Bool
jsxClosingElement: name N
jsxFragment: openingFragment N, children L, closingFragment N?
jsxOpeningFragment
jsxClosingFragment
jsxAttribute: name N, value N?
jsxSpreadAttribute: argument N
jsxIdentifier text
jsxNamespacedName: namespace N, name N
jsxMemberExpression: object N, property N
jsxExpressionContainer: expression N
jsxEmptyExpression
jsxText text
jsxSpreadChild: expression N
# TypeScript
tsTypeAnnotation: typeAnnotation N
tsTypeParameterDeclaration: params L
tsTypeParameter: name N, constraint N?, defaultType N?, flags TypeParameterFlags
tsTypeParameterInstantiation: params L
tsKeyword: keyword TSKeyword
tsThisType
tsTypeReference: typeName N, typeArguments N?
tsQualifiedName: left N, right N
tsArrayType: elementType N
tsTupleType: elementTypes L
tsNamedTupleMember: label N, elementType N, optional Bool
tsOptionalType: typeAnnotation N
tsRestType: typeAnnotation N
tsUnionType: types L
tsIntersectionType: types L
tsFunctionType: typeParameters N?, params L, returnType N?
tsConstructorType: typeParameters N?, params L, returnType N?, abstract Bool
tsTypeLiteral: members L
tsPropertySignature: key N, typeAnnotation N?, modifiers Modifiers
tsMethodSignature: key N, kind MethodKind, typeParameters N?, params L, returnType N?, modifiers Modifiers
tsCallSignature: typeParameters N?, params L, returnType N?
tsConstructSignature: typeParameters N?, params L, returnType N?
tsIndexSignature: parameters L, typeAnnotation N?, modifiers Modifiers
tsConditionalType: checkType N, extendsType N, trueType N, falseType N
tsInferType: typeParameter N
tsTypeOperator: op TypeOperator, typeAnnotation N
tsIndexedAccessType: objectType N, indexType N
tsMappedType: typeParameter N, nameType N?, typeAnnotation N?, flags MappedTypeFlags
tsLiteralType: literal N
tsTemplateLiteralType: quasis L, types L
tsTypeQuery: exprName N, typeArguments N?
tsImportType: argument N, qualifier N?, typeArguments N?
tsTypePredicate: parameterName N, typeAnnotation N?, asserts Bool
tsInterfaceDeclaration: id N, typeParameters N?, extends L, body N, declare Bool
tsInterfaceBody: body L
tsExpressionWithTypeArguments: expression N, typeArguments N?
tsTypeAliasDeclaration: id N, typeParameters N?, typeAnnotation N, declare Bool
tsEnumDeclaration: id N, members L, isConst Bool, declare Bool
tsEnumMember: id N, initializer N?
tsModuleDeclaration: id N, body N?, kind TSModuleKind, declare Bool
tsModuleBlock: body L
tsAsExpression: expression N, typeAnnotation N
tsSatisfiesExpression: expression N, typeAnnotation N
tsTypeAssertion: typeAnnotation N, expression N
tsNonNullExpression: expression N
tsInstantiationExpression: expression N, typeArguments N
tsImportEqualsDeclaration: id N, moduleReference N, isExport Bool, typeOnly Bool
tsExternalModuleReference: expression N
tsExportAssignment: expression N
tsNamespaceExportDeclaration: id N
tsParameterProperty: decorators L, parameter N, modifiers Modifiers
"""

RESERVED = """break case catch class const continue debugger default delete do else enum export extends false finally
for function if import in instanceof new null return super switch this throw true try typeof var void while with""".split()
CONTEXTUAL = """as async await from get let of set static yield accessor abstract any asserts bigint boolean constructor
declare global implements infer interface intrinsic is keyof module namespace never number object out override
package private protected public readonly require satisfies string symbol type undefined unique unknown using target
meta source defer""".split()

def swift_type(t):
    return {"N": "NodeID", "N?": "NodeID?", "L": "NodeList"}.get(t, t)

# Trees keep nodes packed (`PackedNode`, 16 bytes: kind, 24 bits of small fields or a list's count, three
# 32-bit slots), 10.9 million of them for the 82 MB ecosystem corpus, and decode them into `Node` when read.
# A case packs when its node ids, optional ids and list starts fit the three slots, a list's count the
# 16-bit half and its small fields the bits left, and its payload is at most MAX_INLINE_PAYLOAD bytes
# (so a `Node` stays 24 bytes, returned in registers). The other cases (functions, classes, `for`,
# templates, ...; a few percent of nodes) are `indirect` and kept whole in the tree's side array of
# `Node`s, the slot `a` giving where; so are packed cases whose list has 0xFFFF items or more.
# A finished tree of a small file keeps them narrower still (NodeStore.swift: `NarrowPackedNode`); the
# generated code reads a node's slots through `NodeStore.packedNode`, whichever width it is kept in.
MAX_INLINE_PAYLOAD = 21

def payload_size(fields):
    size = 0
    for _, t in fields:
        width, align = {"N": (4, 4), "N?": (5, 4), "L": (8, 4)}.get(t, (SMALL_BYTES.get(t, 1), SMALL_BYTES.get(t, 1)))
        size = (size + align - 1) // align * align + width
    return size

# Bits of each small field: enums are stored as their case index (their layout is one byte), option sets
# as their raw value. A test checks each enum's case count against its width here.
SMALL_BITS = {
    "Bool": 1, "VariableKind": 3, "PropertyKind": 2, "MethodKind": 2, "UnaryOperator": 3, "UpdateOperator": 1,
    "BinaryOperator": 5, "LogicalOperator": 2, "AssignmentOperator": 4, "TSKeyword": 4, "TypeOperator": 2,
    "TSModuleKind": 2,
    "FunctionFlags": 8, "ClassFlags": 8, "PropertyFlags": 8, "TypeParameterFlags": 8, "MappedTypeFlags": 8,
    "Modifiers": 16,
}
SMALL_BYTES = {"Modifiers": 2}
OPTION_SETS = {"FunctionFlags": "UInt8", "ClassFlags": "UInt8", "PropertyFlags": "UInt8", "TypeParameterFlags": "UInt8",
               "MappedTypeFlags": "UInt8", "Modifiers": "UInt16"}
NODE_FIELDS = ("N", "N?", "L")

def packing(fields):
    """'inline' or 'side' for a case."""
    slots = sum(1 for _, t in fields if t in NODE_FIELDS)
    lists = sum(1 for _, t in fields if t == "L")
    bits = sum(SMALL_BITS[t] for _, t in fields if t not in NODE_FIELDS)
    if (slots <= 3 and lists <= 1 and bits <= (8 if lists else 24)
            and payload_size(fields) <= MAX_INLINE_PAYLOAD):
        return "inline"
    return "side"

def small_encode(f, t):
    if t == "Bool":
        return "UInt32(%s ? 1 : 0)" % f
    if t in OPTION_SETS:
        return "UInt32(%s.rawValue)" % f
    return "UInt32(unsafeBitCast(%s, to: UInt8.self))" % f

def small_decode(t, word, shift):
    bits = SMALL_BITS[t]
    v = "(%s >> %d) & 0x%X" % (word, shift, (1 << bits) - 1)
    if t == "Bool":
        return "(%s) != 0" % v
    if t in OPTION_SETS:
        return "%s(rawValue: %s(truncatingIfNeeded: %s))" % (t, OPTION_SETS[t], v)
    return "unsafeBitCast(UInt8(truncatingIfNeeded: %s), to: %s.self)" % (v, t)

def wide_children_cases(w, nodes, list_loop):
    """The switch cases of a forEachChild over nodes kept whole in the side array; `list_loop(field)` is the
    statement that visits a child list's members."""
    for name, _, fields in nodes:
        if not any(t in NODE_FIELDS for _, t in fields):
            continue
        if packing(fields) != "side" and not any(t == "L" for _, t in fields):
            continue
        binds = ", ".join(("let " + f + "_") if t in NODE_FIELDS else "_" for f, t in fields)
        w("        case .%s(%s):" % (name, binds))
        for f, t in fields:
            if t == "N":
                w("            body(%s_)" % f)
            elif t == "N?":
                w("            if let c = %s_ { body(c) }" % f)
            elif t == "L":
                w("            " + list_loop(f))


def gen_packing(nodes):
    o = []
    w = o.append
    w("extension NodeStore {")
    w("    /// The packed form of `node`; nodes that do not pack are appended to `wide`.")
    w("    static func pack(_ node: Node, _ wide: inout [Node]) -> PackedNode {")
    w("        switch node {")
    for tag, (name, _, fields) in enumerate(nodes):
        if not fields:
            w("        case .%s:" % name)
            w("            return PackedNode(tag: %d, bits: 0, half: 0, a: 0, b: 0, c: 0)" % tag)
            continue
        if packing(fields) == "side":
            w("        case .%s:" % name)
            w("            wide.append(node)")
            w("            return PackedNode(tag: %d, bits: 0, half: 0, a: UInt32(truncatingIfNeeded: wide.count - 1), b: 0, c: 0)" % tag)
            continue
        w("        case .%s(%s):" % (name, ", ".join("let " + f for f, _ in fields)))
        slots, half, smalls = [], None, []
        for f, t in fields:
            if t == "N":
                slots.append("UInt32(bitPattern: %s.raw)" % f)
            elif t == "N?":
                slots.append("(%s.map { UInt32(bitPattern: $0.raw) } ?? PackedNode.none)" % f)
            elif t == "L":
                slots.append("UInt32(bitPattern: %s.start)" % f)
                half = f
            else:
                smalls.append((f, t))
        slots += ["0"] * (3 - len(slots))
        parts, shift = [], 0
        for f, t in smalls:
            parts.append("%s << %d" % (small_encode(f, t), shift))
            shift += SMALL_BITS[t]
        aux = " | ".join(parts) if parts else "0"
        if half:
            w("            if %s.count < 0xFFFF {" % half)
            w("                let aux: UInt32 = %s" % aux)
            w("                return PackedNode(tag: %d, bits: UInt8(truncatingIfNeeded: aux), half: UInt16(truncatingIfNeeded: %s.count), a: %s, b: %s, c: %s)" % (tag, half, *slots))
            w("            }")
            w("            wide.append(node)")
            w("            return PackedNode(tag: %d, bits: 0, half: 0xFFFF, a: UInt32(truncatingIfNeeded: wide.count - 1), b: 0, c: 0)" % tag)
        else:
            w("            let aux: UInt32 = %s" % aux)
            w("            return PackedNode(tag: %d, bits: UInt8(truncatingIfNeeded: aux), half: UInt16(truncatingIfNeeded: aux >> 8), a: %s, b: %s, c: %s)" % (tag, *slots))
    w("        }")
    w("    }")
    w("")
    w("    /// The node `p` packs (read from `wide` for those kept whole).")
    w("    @inlinable @inline(__always) func unpack(_ p: PackedNode) -> Node {")
    w("        switch p.tag {")
    for tag, (name, _, fields) in enumerate(nodes):
        w("        case %d:" % tag)
        if not fields:
            w("            return .%s" % name)
            continue
        if packing(fields) == "side":
            w("            return wide[Int(p.a)]")
            continue
        has_list = any(t == "L" for _, t in fields)
        ind = "            "
        if has_list:
            w("            if p.half == 0xFFFF { return wide[Int(p.a)] }")
            if any(t not in NODE_FIELDS for _, t in fields):
                w("            let aux = UInt32(p.bits)")
        elif any(t not in NODE_FIELDS for _, t in fields):
            w("            let aux = UInt32(p.bits) | UInt32(p.half) << 8")
        slot_names = iter(["p.a", "p.b", "p.c"])
        args, shift = [], 0
        for f, t in fields:
            if t == "N":
                args.append("%s: NodeID(Int32(bitPattern: %s))" % (f, next(slot_names)))
            elif t == "N?":
                args.append("%s: PackedNode.id(%s)" % (f, next(slot_names)))
            elif t == "L":
                args.append("%s: NodeList(start: Int32(bitPattern: %s), count: Int32(p.half))" % (f, next(slot_names)))
            else:
                args.append("%s: %s" % (f, small_decode(t, "aux", shift)))
                shift += SMALL_BITS[t]
        w(ind + "return .%s(%s)" % (name, ", ".join(args)))
    w("        default:")
    w("            return .invalid")
    w("        }")
    w("    }")
    w("")
    # where each kind keeps its children, for the parent table (NodeStore.parents): a walk over the packed
    # array reading a byte per kind instead of a switch and a closure call per child
    w("    /// Per node kind (tag), where a packed node keeps its children: bits 0, 1 and 2 for the slots `a`, `b`")
    w("    /// and `c` holding a node id (or \"none\"), bits 3-4 the slot holding a list's start (1 `a`, 2 `b`, 3 `c`;")
    w("    /// its count in `half`, 0xFFFF for a node kept whole), bit 5 for kinds always kept whole in `wide`; 0")
    w("    /// for kinds without children.")
    w("    static let childSlots: [UInt8] = [")
    row = []
    for tag, (name, _, fields) in enumerate(nodes):
        d = 0
        if any(t in NODE_FIELDS for _, t in fields):
            if packing(fields) == "side":
                d = 32
            else:
                k = 0
                for f, t in fields:
                    if t in ("N", "N?"):
                        d |= 1 << k
                        k += 1
                    elif t == "L":
                        d |= (k + 1) << 3
                        k += 1
        row.append("%d" % d)
    for i in range(0, len(row), 24):
        w("        " + ", ".join(row[i:i + 24]) + ",")
    w("    ]")
    w("")
    w("    /// Calls `body` for each child of a node kept whole in `wide`, its lists read from `lists`.")
    w("    static func forEachChild(ofWide node: Node, lists: UnsafeBufferPointer<NodeID>, _ body: (NodeID) -> Void) {")
    w("        switch node {")
    wide_children_cases(w, nodes, lambda f: "for i in Int(%s_.start)..<Int(%s_.start) + Int(%s_.count) { body(lists[i]) }" % (f, f, f))
    w("        default: break")
    w("        }")
    w("    }")
    w("}")
    w("")
    enums = sorted(t for t in SMALL_BITS if t not in OPTION_SETS and t != "Bool")
    w("/// Bits each payload enum has in a packed node (its case count must fit; a test checks).")
    w("public enum PackedWidths {")
    for t in enums:
        w("    public static let %s%s = %d" % (t[0].lower(), t[1:], SMALL_BITS[t]))
    w("}")
    return o

def parse_nodes():
    out = []
    for line in NODES.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(":")
        parts = head.split()
        name, text = parts[0], "text" in parts[1:]
        fields = []
        for f in rest.split(","):
            f = f.strip()
            if f:
                fname, ftype = f.split()
                fields.append((fname, ftype))
        out.append((name, text, fields))
    return out

def gen_ast(nodes):
    o = []
    w = o.append
    w("// GENERATED by scripts/gen-ast.py from its node table. Do not edit by hand.")
    w("//")
    w("// The node enum (cases named after ESTree / typescript-estree), its payload-free kind mirror, the child")
    w("// walker and the snapshot dumper, all derived from one table so they cannot drift apart.")
    w("")
    w("import SourceText")
    w("")
    w("public enum Node: Sendable, Hashable {")
    for name, text, fields in nodes:
        if fields:
            indirect = "indirect " if payload_size(fields) > MAX_INLINE_PAYLOAD else ""
            w("    %scase %s(%s)" % (indirect, name, ", ".join("%s: %s" % (f, swift_type(t)) for f, t in fields)))
        else:
            w("    case %s" % name)
    w("}")
    w("")
    w("public enum NodeKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {")
    for name, _, _ in nodes:
        w("    case %s" % name)
    w("")
    w("    public var description: String {")
    w("        switch self {")
    for name, _, _ in nodes:
        w('        case .%s: return "%s"' % (name, name))
    w("        }")
    w("    }")
    w("}")
    w("")
    w("extension Node {")
    w("    public var kind: NodeKind {")
    w("        switch self {")
    for name, _, _ in nodes:
        w("        case .%s: return .%s" % (name, name))
    w("        }")
    w("    }")
    w("}")
    w("")
    o.extend(gen_packing(nodes))
    w("")
    w("//SPLIT")
    w("extension SyntaxTree {")
    w("    /// Calls `body` for each direct child of `id`, in field order (source order for nearly every node).")
    w("    /// Reads the packed node's slots; only nodes kept whole are decoded.")
    w("    public func forEachChild(of id: NodeID, _ body: (NodeID) -> Void) {")
    w("        let p = nodes.packedNode(id.index)")
    w("        switch p.tag {")
    for tag, (name, _, fields) in enumerate(nodes):
        if not any(t in NODE_FIELDS for _, t in fields):
            continue
        w("        case %d: // %s" % (tag, name))
        if packing(fields) == "side":
            w("            forEachChild(ofWide: nodes.wide[Int(p.a)], body)")
            continue
        if any(t == "L" for _, t in fields):
            w("            if p.half == 0xFFFF { forEachChild(ofWide: nodes.wide[Int(p.a)], body); return }")
        slot_names = iter(["p.a", "p.b", "p.c"])
        for f, t in fields:
            if t == "N":
                w("            body(NodeID(Int32(bitPattern: %s)))" % next(slot_names))
            elif t == "N?":
                w("            if let c = PackedNode.id(%s) { body(c) }" % next(slot_names))
            elif t == "L":
                w("            for c in lists[Int(%s)..<Int(%s) + Int(p.half)] { body(c) }" % ((next(slot_names),) * 2))
    w("        default: break")
    w("        }")
    w("    }")
    w("")
    w("    /// The children of a node kept whole in the side array.")
    w("    private func forEachChild(ofWide node: Node, _ body: (NodeID) -> Void) {")
    w("        switch node {")
    wide_children_cases(w, nodes, lambda f: "for c in list(%s_) { body(c) }" % f)
    w("        default: break")
    w("        }")
    w("    }")
    w("")
    w("    func dumpNode(_ id: NodeID, label: String, indent: Int, into out: inout String) {")
    w("        for _ in 0..<indent { out += \"  \" }")
    w("        if !label.isEmpty { out += label; out += \": \" }")
    w("        let node = self[id]")
    w("        out += node.kind.description")
    w("        switch node {")
    for name, text, fields in nodes:
        binds = ", ".join("let " + f + "_" for f, t in fields)
        w("        case .%s%s:" % (name, "(" + binds + ")" if fields else ""))
        if text:
            w("            out += \" \"; out += dumpText(id)")
        for f, t in fields:
            if t in ("N", "N?", "L"):
                continue
            if t == "Bool":
                w("            if %s_ { out += \" %s\" }" % (f, f))
            else:
                w("            dumpAttribute(\"%s\", %s_, into: &out)" % (f, f))
        w("            out += \" \"; out += dumpRange(id); out += \"\\n\"")
        for f, t in fields:
            if t == "N":
                w("            dumpNode(%s_, label: \"%s\", indent: indent + 1, into: &out)" % (f, f))
            elif t == "N?":
                w("            if let c = %s_ { dumpNode(c, label: \"%s\", indent: indent + 1, into: &out) }" % (f, f))
            elif t == "L":
                w("            for (i, c) in list(%s_).enumerated() { dumpNode(c, label: \"%s[\\(i)]\", indent: indent + 1, into: &out) }" % (f, f))
    w("        }")
    w("    }")
    w("}")
    return "\n".join(o) + "\n"

def gen_tokens():
    o = []
    w = o.append
    w("// GENERATED by scripts/gen-ast.py. Do not edit by hand.")
    w("//")
    w("// Token kinds as a UInt8 enum. Keywords are found by switching on length and then comparing bytes,")
    w("// without building a String. Reserved words and contextual words are contiguous ranges so the parser")
    w("// can ask `kind.isIdentifierLike` with two comparisons.")
    w("")
    puncts = [("eof", ""), ("identifier", ""), ("privateName", ""), ("string", ""), ("number", ""), ("bigint", ""),
              ("regex", ""), ("template", ""), ("templateHead", ""), ("templateMiddle", ""), ("templateTail", ""),
              ("jsxText", ""),
              ("lBrace", "{"), ("rBrace", "}"), ("lParen", "("), ("rParen", ")"), ("lBracket", "["), ("rBracket", "]"),
              ("dot", "."), ("ellipsis", "..."), ("semicolon", ";"), ("comma", ","), ("less", "<"), ("greater", ">"),
              ("lessEqual", "<="), ("greaterEqual", ">="), ("equal2", "=="), ("notEqual", "!="), ("equal3", "==="),
              ("notEqual2", "!=="), ("plus", "+"), ("minus", "-"), ("star", "*"), ("slash", "/"), ("percent", "%"),
              ("star2", "**"), ("plus2", "++"), ("minus2", "--"), ("shiftLeft", "<<"), ("shiftRight", ">>"),
              ("shiftRight3", ">>>"), ("amp", "&"), ("bar", "|"), ("caret", "^"), ("bang", "!"), ("tilde", "~"),
              ("amp2", "&&"), ("bar2", "||"), ("question2", "??"), ("question", "?"), ("questionDot", "?."),
              ("colon", ":"), ("assign", "="), ("plusAssign", "+="), ("minusAssign", "-="), ("starAssign", "*="),
              ("slashAssign", "/="), ("percentAssign", "%="), ("star2Assign", "**="), ("shiftLeftAssign", "<<="),
              ("shiftRightAssign", ">>="), ("shiftRight3Assign", ">>>="), ("ampAssign", "&="), ("barAssign", "|="),
              ("caretAssign", "^="), ("amp2Assign", "&&="), ("bar2Assign", "||="), ("question2Assign", "??="),
              ("arrow", "=>"), ("at", "@"), ("hash", "#")]
    w("public enum TokenKind: UInt8, Sendable {")
    for n, _ in puncts:
        w("    case %s" % n)
    w("    // reserved words")
    for k in RESERVED:
        w("    case kw_%s" % k)
    w("    // contextual words (also identifiers)")
    for k in CONTEXTUAL:
        w("    case kw_%s" % k)
    w("}")
    w("")
    w("extension TokenKind {")
    w("    static let firstReserved = TokenKind.kw_%s" % RESERVED[0])
    w("    static let lastReserved = TokenKind.kw_%s" % RESERVED[-1])
    w("    static let firstContextual = TokenKind.kw_%s" % CONTEXTUAL[0])
    w("    static let lastContextual = TokenKind.kw_%s" % CONTEXTUAL[-1])
    w("")
    w("    /// Text of punctuators and keywords, for messages.")
    w("    var text: String {")
    w("        switch self {")
    for n, t in puncts:
        if t:
            w('        case .%s: return "%s"' % (n, t.replace("\\", "\\\\")))
    for k in RESERVED + CONTEXTUAL:
        w('        case .kw_%s: return "%s"' % (k, k))
    w('        default: return "\\(self)"')
    w("        }")
    w("    }")
    w("}")
    w("")
    w("/// The keyword kind of the identifier bytes `p[0..<n]`, or `.identifier`.")
    w("@inline(__always)")
    w("func keywordKind(_ p: UnsafePointer<UInt8>, _ n: Int) -> TokenKind {")
    bylen = {}
    for k in RESERVED + CONTEXTUAL:
        bylen.setdefault(len(k), []).append(k)
    w("    switch n {")
    for n in sorted(bylen):
        w("    case %d:" % n)
        w("        switch p[0] {")
        byfirst = {}
        for k in bylen[n]:
            byfirst.setdefault(k[0], []).append(k)
        for c in sorted(byfirst):
            w("        case %d: // %s" % (ord(c), c))
            for k in byfirst[c]:
                conds = " && ".join("p[%d] == %d" % (i, ord(ch)) for i, ch in enumerate(k) if i > 0) or "true"
                w("            if %s { return .kw_%s }" % (conds, k))
        w("        default: break")
        w("        }")
    w("    default: break")
    w("    }")
    w("    return .identifier")
    w("}")
    return "\n".join(o) + "\n"

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
os.makedirs(os.path.join(root, "Sources/JSSyntax"), exist_ok=True)
ast, walk = gen_ast(parse_nodes()).split("//SPLIT\n")
with open(os.path.join(root, "Sources/JSSyntax/AST+Generated.swift"), "w") as f:
    f.write(ast)
with open(os.path.join(root, "Sources/JSSyntax/Tree+Walk+Generated.swift"), "w") as f:
    f.write("// GENERATED by scripts/gen-ast.py from its node table. Do not edit by hand.\n//\n"
            "// Child walking and the snapshot dumper for every node kind.\n\nimport SourceText\n\n" + walk)
with open(os.path.join(root, "Sources/JSSyntax/Token+Generated.swift"), "w") as f:
    f.write(gen_tokens())
