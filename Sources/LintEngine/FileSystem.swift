// Thin POSIX wrappers: lstat/stat, folder listing and whole-file reads with errno mapped to messages.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum FileKind {
    case regular(size: Int)
    case directory
    case symlink
    case other
}

struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}

struct FSFailure: Error {
    var message: String
}

enum FileSystem {
    static func errnoMessage(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        case ELOOP: return "too many levels of symbolic links"
        case ENOTDIR: return "not a directory"
        default:
            if let s = strerror(code) { return String(cString: s).lowercased() }
            return "error \(code)"
        }
    }

    static func kind(of st: stat) -> FileKind {
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(st.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// lstat (follow: false) or stat (follow: true); the errno message on failure.
    static func status(_ path: String, follow: Bool) -> Result<(FileKind, FileIdentity), FSFailure> {
        var st = stat()
        let rc = follow ? stat(path, &st) : lstat(path, &st)
        if rc != 0 { return .failure(FSFailure(message: errnoMessage(errno))) }
        return .success((kind(of: st), FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))))
    }

    /// One name in a folder, and whether the folder listing says it is a plain file (no stat needed to
    /// know that: most files of a project are not source files and need nothing more).
    struct Entry {
        var name: String
        var isPlainFile: Bool
    }

    /// Names in a folder, sorted by bytes, without `.` and `..`.
    static func list(_ path: String) -> Result<[Entry], FSFailure> {
        guard let dir = opendir(path) else { return .failure(FSFailure(message: errnoMessage(errno))) }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, isPlainFile: entry.pointee.d_type == UInt8(DT_REG)))
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return .success(entries)
    }

    enum ReadFailure: Error {
        case message(String)
        case tooLarge(Int)
    }

    /// Reads a regular file whole. Refuses folders, devices and FIFOs (opened non-blocking, checked
    /// with fstat before reading) and files above `limit` bytes.
    static func readFile(_ path: String, limit: Int) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { return .failure(.message(errnoMessage(errno))) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { return .failure(.message(errnoMessage(errno))) }
        switch kind(of: st) {
        case .directory: return .failure(.message("is a directory, not a source file"))
        case .regular(let size):
            if size > limit { return .failure(.tooLarge(size)) }
            // The buffer is the size fstat gave, so a file read whole keeps no spare capacity (the bytes
            // stay in memory for the whole scan); reaching the end is confirmed by a read into a small
            // buffer on the stack, and only a file that grew while we read is appended to.
            var bytes = [UInt8](repeating: 0, count: size)
            var filled = 0
            while filled < bytes.count {
                let n = bytes.withUnsafeMutableBytes { buf in
                    read(fd, buf.baseAddress! + filled, buf.count - filled)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failure(.message(errnoMessage(errno)))
                }
                if n == 0 { break }
                filled += n
            }
            if filled < bytes.count {
                // The file shrank while we read.
                bytes = Array(bytes[..<filled])
            } else {
                var more: [UInt8] = []
                var probe = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                while true {
                    let n = withUnsafeMutableBytes(of: &probe) { read(fd, $0.baseAddress!, $0.count) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        return .failure(.message(errnoMessage(errno)))
                    }
                    if n == 0 { break }
                    withUnsafeBytes(of: &probe) { more.append(contentsOf: $0.prefix(n)) }
                    if bytes.count + more.count > limit { return .failure(.tooLarge(bytes.count + more.count)) }
                }
                if !more.isEmpty { bytes += more }
            }
            if bytes.count > limit { return .failure(.tooLarge(bytes.count)) }
            return .success(bytes)
        default:
            return .failure(.message("not a regular file"))
        }
    }
}

/// Writes a file by writing a temporary file beside it and renaming it over the original, so a reader
/// sees the old content or the new, never half of it. The file keeps its permission bits (and its owner,
/// where we may set it); a symbolic link stays a link, and the file it points to is replaced.
public enum AtomicWrite {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): cannot write: \(message)" }
    }

    public static func save(_ bytes: [UInt8], to given: String) throws {
        var path = given
        if let real = realpath(given, nil) {
            path = String(cString: real)
            free(real)
        }
        var st = stat()
        let exists = stat(path, &st) == 0
        let mode: mode_t = exists ? st.st_mode & 0o7777 : 0o644
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(name).looplint-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(path: path, message: FileSystem.errnoMessage(errno)) }
        let temp = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let message = FileSystem.errnoMessage(errno)
                close(fd)
                throw Failure(path: path, message: message)
            }
            written += n
        }
        if exists { _ = fchown(fd, st.st_uid, st.st_gid) }  // best effort: only root may give files away
        if fchmod(fd, mode) != 0 || fsync(fd) != 0 {
            let message = FileSystem.errnoMessage(errno)
            close(fd)
            throw Failure(path: path, message: message)
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw Failure(path: path, message: FileSystem.errnoMessage(errno)) }
        ok = true
    }
}
