// Files the project analyses read besides the sources: package.json, tsconfig.json and jsconfig.json
// (module resolution, library entry points). Every read goes through one reader per scan, which notes
// the path and a hash of what it found (or that nothing was there), so the cache across runs knows
// which outside files a report depends on and can tell when one changed.

import Foundation

public final class ProjectFileReader: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String: UInt64?] = [:]
    private var changed = false
    /// Files given in place of the disk (tests, editors); nil: read the disk.
    private let overrides: [String: [UInt8]]?
    /// What the walk saw of the folders it listed: a file it did not see there is not read.
    private let listings: FolderListings

    public init(overrides: [String: [UInt8]]? = nil, listings: FolderListings = FolderListings()) {
        self.overrides = overrides
        self.listings = listings
    }

    /// The file's bytes, or nil when it is absent or unreadable.
    public func bytes(atPath path: String) -> [UInt8]? {
        let content: [UInt8]?
        if let overrides {
            content = overrides[path]
        } else if listings.isKnownAbsent(path) {
            content = nil
        } else {
            if case .success(let b) = FileSystem.readFile(path, limit: 1 << 30) { content = b } else { content = nil }
        }
        let hash = content.map { ContentHash.hash($0) }
        lock.lock()
        if let earlier = seen[path], earlier != hash { changed = true }
        if seen[path] == nil { seen[path] = .some(hash) }
        lock.unlock()
        return content
    }

    /// The file as UTF-8 text (invalid sequences replaced), or nil when it is absent or unreadable.
    public func text(atPath path: String) -> String? {
        bytes(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a file read twice gave different content (it changed while the scan ran).
    public var changedDuringScan: Bool {
        lock.lock()
        defer { lock.unlock() }
        return changed
    }

    /// What was read: path -> content hash, nil for files that were absent. Sorted by path.
    public var reads: [(path: String, hash: UInt64?)] {
        lock.lock()
        defer { lock.unlock() }
        return seen.keys.sorted().map { ($0, seen[$0] ?? nil) }
    }
}
