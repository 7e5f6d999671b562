// `check --timings`: where the time went, as a table for standard error (the report on standard output is
// unchanged). Stages are wall clock, in the order they ran; phases are summed over threads and sorted by
// time, with their share of the phases' total, as ESLint's TIMING prints rules; then the part of each
// phase that ran on the scan's thread alone.

import Diagnostics

public enum TimingsReporter {
    public static func render(_ t: ScanTimings) -> String {
        var out = "Stage (wall clock)                             Time (ms)\n"
        for s in t.stages { out += row(s.name, s.ms, nil) }
        out += row("total", t.stages.reduce(0) { $0 + $1.ms }, nil)
        out += "\nPhase (summed over threads)                    Time (ms) | Relative\n"
        let total = t.phases.reduce(0) { $0 + $1.ms }
        for p in t.phases.sorted(by: { $0.ms != $1.ms ? $0.ms > $1.ms : $0.name < $1.name }) {
            out += row(p.name, p.ms, total > 0 ? 100 * p.ms / total : 0)
        }
        out += row("total", total, nil)
        if !t.serial.isEmpty {
            // what ran on the scan's thread with no worker: more threads do not shorten it
            out += "\nOn one thread only (no worker running)          Time (ms)\n"
            for p in t.serial.sorted(by: { $0.ms != $1.ms ? $0.ms > $1.ms : $0.name < $1.name }) {
                out += row(p.name, p.ms, nil)
            }
            out += row("total", t.serial.reduce(0) { $0 + $1.ms }, nil)
        }
        return out
    }

    static func row(_ name: String, _ ms: Double, _ percent: Double?) -> String {
        let label = name.count >= 44 ? String(name.prefix(43)) + " " : name + String(repeating: " ", count: 44 - name.count)
        let time = format(ms, decimals: 1)
        var line = label + String(repeating: " ", count: max(0, 12 - time.count)) + time
        if let percent {
            let p = format(percent, decimals: 1) + "%"
            line += " | " + String(repeating: " ", count: max(0, 7 - p.count)) + p
        }
        return line + "\n"
    }

    static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((value * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        guard decimals > 0 else { return String(whole) }
        let f = String(frac)
        return "\(whole)." + String(repeating: "0", count: decimals - f.count) + f
    }
}
