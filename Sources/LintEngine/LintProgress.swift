// What a scan is doing, for a progress display: the phase, files done of the total, and during the
// project analyses which rule runs. The engine calls the handler from its worker threads, once per file
// and once per project rule; the handler must be cheap and thread-safe (the CLI's keeps the latest value
// and redraws on its own clock).

public struct LintProgress: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable {
        case discovering = "finding files"
        case files = "parsing and checking files"
        case project = "project analyses"
    }

    public typealias Handler = @Sendable (LintProgress) -> Void

    public var phase: Phase
    public var filesDone: Int
    public var filesTotal: Int
    /// During `project`: "rule 3/14 serial-await/loop".
    public var detail: String?

    public init(phase: Phase, filesDone: Int = 0, filesTotal: Int = 0, detail: String? = nil) {
        self.phase = phase
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.detail = detail
    }
}

extension LintProgress {
    /// One line for a terminal, at most `width` characters:
    ///
    ///   [1.4s] parsing and checking files 812/1019 (79%)
    ///   [2.1s] project analyses 1019/1019 files, rule 3/14 serial-await/loop
    public func line(elapsedSeconds: Double, width: Int) -> String {
        let seconds = (elapsedSeconds * 10).rounded(.down) / 10
        var text = "[\(seconds)s] \(phase.rawValue)"
        switch phase {
        case .discovering:
            break
        case .files:
            let percent = filesTotal > 0 ? filesDone * 100 / filesTotal : 0
            text += " \(filesDone)/\(filesTotal) (\(percent)%)"
        case .project:
            text += " \(filesDone)/\(filesTotal) files"
            if let detail { text += ", \(detail)" }
        }
        if text.count > width { text = String(text.prefix(max(0, width - 1))) + "…" }
        return text
    }
}
