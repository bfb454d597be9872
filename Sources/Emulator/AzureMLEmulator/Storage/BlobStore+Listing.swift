import Foundation

/// What List Blobs asks for: `prefix`, `delimiter`, `marker` and `maxresults` of the request.
struct BlobListRequest: Sendable, Equatable {
    /// Azure's default and largest page.
    static let maximumResults = 5000

    var prefix: String = ""
    var delimiter: String?
    /// Where to continue: the `NextMarker` of the previous page (the first name not returned yet).
    var marker: String?
    var maxResults: Int = maximumResults
}

/// One page of List Blobs.
struct BlobListPage: Sendable, Equatable {
    enum Entry: Sendable, Equatable {
        case blob(name: String, properties: BlobProperties)
        /// A `BlobPrefix`: the names up to and including the delimiter that stand for a "folder".
        case prefix(String)

        /// The name the entry sorts and pages by.
        var name: String {
            switch self {
            case .blob(let name, _), .prefix(let name): name
            }
        }
    }

    var entries: [Entry]
    /// Where the next page starts; nil on the last page.
    var nextMarker: String?
}

extension BlobStore {
    /// List Blobs: the committed blobs of a container whose names start with `prefix`, in name order
    /// (UTF-8 byte order, as Azure sorts), with names that have `delimiter` after the prefix folded into
    /// one `BlobPrefix` each. Blobs and prefixes both count towards `maxResults`.
    func list(account accountName: String, container: String, _ request: BlobListRequest) throws(StorageError)
        -> BlobListPage
    {
        let folder = try account(accountName).folder.appendingPathComponent(container, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .containerNotFound }
        var names: [String] = []
        // An explicit work list: deep folder trees never grow the stack.
        var pending = [""]
        while let current = pending.popLast() {
            let directory = current.isEmpty ? folder : folder.appendingPathComponent(current, isDirectory: true)
            let children: [String]
            do {
                children = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw .fileSystem("could not list \(accountName)/\(container): \(error.localizedDescription)")
            }
            for child in children {
                let name = current.isEmpty ? child : "\(current)/\(child)"
                var childIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent(child).path, isDirectory: &childIsDirectory)
                else { continue }
                if childIsDirectory.boolValue {
                    pending.append(name)
                } else if name.hasPrefix(request.prefix) {
                    names.append(name)
                }
            }
        }
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var entries: [BlobListPage.Entry] = []
        var lastPrefix: String?
        for name in names {
            if let marker = request.marker, Array(name.utf8).lexicographicallyPrecedes(Array(marker.utf8)) {
                continue
            }
            if let delimiter = request.delimiter, !delimiter.isEmpty,
                let range = name.range(of: delimiter, range: name.index(name.startIndex, offsetBy: request.prefix.count)..<name.endIndex)
            {
                let prefix = String(name[..<range.upperBound])
                if prefix == lastPrefix { continue }
                if entries.count == request.maxResults { return BlobListPage(entries: entries, nextMarker: name) }
                lastPrefix = prefix
                entries.append(.prefix(prefix))
                continue
            }
            if entries.count == request.maxResults { return BlobListPage(entries: entries, nextMarker: name) }
            let location = BlobLocation(account: accountName, container: container, path: name)
            guard let properties = try properties(location) else { continue }
            entries.append(.blob(name: name, properties: properties))
        }
        return BlobListPage(entries: entries, nextMarker: nil)
    }
}
