// A NameSet answers what the Set<String> it is built from answers, for names it turns away by their first
// byte and length as for names it asks the set about: names of the set, names sharing a first byte and a
// length with one, the empty name, long names, and names that are not ASCII, including one that Swift's
// string comparison takes as equal to an ASCII name (U+212A KELVIN SIGN is "K").

import SourceText
import Testing

@Suite struct NameSetTests {
    static let names: Set<String> = ["get", "post", "use", "on", "K", "createSecureServer", "", "x".padding(toLength: 70, withPad: "y", startingAt: 0)]
    static let asked: [String] = [
        "get", "post", "use", "on", "K", "createSecureServer", "",
        "gel", "pot", "us", "one", "KK", "createSecureServes", "then", "map",
        "x".padding(toLength: 70, withPad: "y", startingAt: 0), "x".padding(toLength: 80, withPad: "y", startingAt: 0),
        "x".padding(toLength: 70, withPad: "z", startingAt: 0),
        "\u{212A}", "g\u{65}\u{301}t", "über", "o\u{301}n",
    ]

    @Test func answersAsTheSetDoes() {
        let set = NameSet(Self.names)
        for name in Self.asked {
            #expect(set.contains(name) == Self.names.contains(name), "\(name.debugDescription)")
        }
        // the KELVIN SIGN case is one the byte filter alone would get wrong
        #expect(set.contains("\u{212A}"))
        #expect(!set.contains("then"))
    }

    @Test func arrayLiteral() {
        let set: NameSet = ["add", "on"]
        #expect(set.contains("add") && set.contains("on") && !set.contains("odd") && !set.contains("one"))
    }
}
