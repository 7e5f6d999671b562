// TypeScript (placeholder until the TypeScript slice lands).

import SourceText

extension ParserImpl {
    func attachTypeAnnotation(_ id: NodeID, _ annotation: NodeID?, optional: Bool) {
        switch nodes[id.index] {
        case .identifier: nodes[id.index] = .identifier(typeAnnotation: annotation, optional: optional)
        case .objectPattern(let p, _): nodes[id.index] = .objectPattern(properties: p, typeAnnotation: annotation)
        case .arrayPattern(let e, _): nodes[id.index] = .arrayPattern(elements: e, typeAnnotation: annotation)
        default: return
        }
        ranges[id.index].end = max(ranges[id.index].end, prevEnd)
    }

    func parseType() -> NodeID { invalid() }
    func parseTypeAnnotation() -> NodeID { invalid() }
    func parseReturnTypeAnnotation() -> NodeID { invalid() }
    func parseTypeParameters() -> NodeID { invalid() }
    func tryTypeArgumentsInExpression() -> NodeID? { nil }
    func parseTypeAssertionOrGenericArrow() -> NodeID { invalid() }
    func parseConstTypeReference() -> NodeID { invalid() }
    func looksLikeGenericArrowInTSX() -> Bool { false }
    func parseTSDeclarationStatement() -> NodeID? { nil }
    func parseImportEquals(_ s: Int32, id: NodeID, isExport: Bool, typeOnly: Bool) -> NodeID { invalid() }
    func tryParseIndexSignature(_ s: Int32, modifiers: Modifiers) -> NodeID? { nil }
    func parseEnum(_ s: Int32, isConst: Bool, declare: Bool) -> NodeID { invalid() }
    func parseHeritageList() -> NodeList { .empty }
}
