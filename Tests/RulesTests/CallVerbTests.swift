// The leading verb of a call's name (serial-await's vocabulary): ASCII names are read on bytes, others
// through Unicode properties; both give the camelCase word, lower-cased.

import Testing
@testable import Rules

@Test(arguments: [
    ("getUserById", "get"), ("$transaction", "transaction"), ("HTTPGet", "httpget"), ("_private", "private"),
    ("URLFor", "urlfor"), ("insertMany", "insert"), ("fetch", "fetch"), ("x2y", "x"), ("__", ""), ("2fa", ""),
    ("a_b", "a"), ("ABC", "abc"), ("größeSetzen", "größe"), ("Éditer", "éditer"), ("ÉTATChange", "étatchange"),
])
func leadingVerbOfCallNames(name: String, verb: String) {
    #expect(SerialAwait.leadingVerb(name) == verb)
}
