// JSX (placeholder until the JSX slice lands).

import SourceText

extension ParserImpl {
    func parseJSXElementOrFragment() -> NodeID { invalid() }
}
