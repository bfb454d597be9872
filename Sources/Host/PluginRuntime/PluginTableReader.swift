import PipehostPluginABI
import PluginContract

/// What a plugin table declares, read into Swift values after validation.
public struct PluginDeclaration: Sendable, Equatable {
    /// Reverse-DNS id, e.g. `org.pipehost.azureml`.
    public var pluginID: String
    public var version: String
    public var summary: String
    public var abiMajor: UInt32
    public var abiMinor: UInt32
    /// `c-abi` or `swift-<version>/<triple>`.
    public var buildTag: String
    public var activities: [ActivityDeclaration]

    /// `major.minor`, as listings show it.
    public var abiText: String { "\(abiMajor).\(abiMinor)" }
}

/// One activity type a plugin table declares.
public struct ActivityDeclaration: Sendable, Equatable {
    public var typeName: String
    public var summary: String
    public var isThreadSafe: Bool
    public var isLongRunning: Bool
    /// The linked service types the activity can reach (ABI 1.1 `linked_service_types`); nil when
    /// the plugin does not say (every 1.0 plugin).
    public var linkedServiceTypes: [String]?

    public init(typeName: String, summary: String, isThreadSafe: Bool, isLongRunning: Bool, linkedServiceTypes: [String]? = nil) {
        self.typeName = typeName
        self.summary = summary
        self.isThreadSafe = isThreadSafe
        self.isLongRunning = isLongRunning
        self.linkedServiceTypes = linkedServiceTypes
    }
}

/// Validates a `ph_plugin` table field by field, in the order that gives the most useful message
/// (magic first: a wrong pointer shows there; the ABI major before the size: a table of another
/// major may have another size), and reads it into a ``PluginDeclaration``.
///
/// Plugin structs are accepted by the header's compatibility rule: a `struct_size` of at least the
/// frozen ABI 1.0 size, whatever minor the plugin was built for. Each struct is read through
/// ``StructLayout/copy(of:)``, so a field this host knows and an older plugin's struct lacks reads
/// as zero and nothing past the plugin's struct is touched.
enum PluginTableReader {
    /// Longest C string read from a table; a longer one is treated as unterminated.
    static let maximumStringLength = 4096

    static func read(
        _ table: UnsafePointer<ph_plugin>, path: String, hostBuildTag: String
    ) -> Result<PluginDeclaration, PluginLoadError> {
        // The four leading fields are read in place: every table of any 1.x minor has them.
        let structSize = table.pointee.struct_size
        let magic = table.pointee.magic
        guard magic == PluginABIVersion.magic else { return .failure(.badMagic(path: path, found: magic)) }
        let required = StructLayout.FrozenSize.pluginTable
        guard StructLayout.hasField(\ph_plugin.abi_minor, structSize: structSize) else {
            return .failure(.tableTooSmall(path: path, structSize: structSize, required: required))
        }
        let abiMajor = table.pointee.abi_major
        guard abiMajor == PluginABIVersion.major else {
            return .failure(.abiMajorMismatch(path: path, pluginMajor: abiMajor, hostMajor: PluginABIVersion.major))
        }
        guard StructLayout.isCompatible(structSize: structSize, frozenSize: required) else {
            return .failure(.tableTooSmall(path: path, structSize: structSize, required: required))
        }
        let plugin = StructLayout.copy(of: table)

        func string(_ pointer: UnsafePointer<CChar>?, _ field: String, optional: Bool = false) -> Result<String, PluginLoadError> {
            switch readCString(pointer) {
            case .success(let text?): return .success(text)
            case .success(nil):
                return optional ? .success("") : .failure(.invalidTable(path: path, problem: "\(field) is NULL"))
            case .failure(let problem): return .failure(.invalidTable(path: path, problem: "\(field) \(problem)"))
            }
        }

        let buildTag: String
        switch string(plugin.build_tag, "build_tag") {
        case .success(let tag): buildTag = tag
        case .failure(let error): return .failure(error)
        }
        guard BuildTag.isCompatible(pluginTag: buildTag, hostTag: hostBuildTag) else {
            return .failure(.buildTagMismatch(path: path, pluginTag: buildTag, hostTag: hostBuildTag))
        }

        let pluginID: String
        let version: String
        let summary: String
        switch (string(plugin.plugin_id, "plugin_id"), string(plugin.version, "version"),
            string(plugin.description, "description", optional: true))
        {
        case (.success(let id), .success(let v), .success(let s)): (pluginID, version, summary) = (id, v, s)
        case (.failure(let error), _, _), (_, .failure(let error), _), (_, _, .failure(let error)): return .failure(error)
        }
        if let problem = IdentifierRules.problem(withPluginID: pluginID) {
            return .failure(.invalidTable(path: path, problem: problem))
        }
        if let problem = IdentifierRules.problem(withVersion: version) {
            return .failure(.invalidTable(path: path, problem: problem))
        }

        switch readActivities(plugin, path: path) {
        case .success(let activities):
            return .success(
                PluginDeclaration(
                    pluginID: pluginID, version: version, summary: summary, abiMajor: plugin.abi_major,
                    abiMinor: plugin.abi_minor, buildTag: buildTag, activities: activities))
        case .failure(let error):
            return .failure(error)
        }
    }

    private static func readActivities(_ plugin: ph_plugin, path: String) -> Result<[ActivityDeclaration], PluginLoadError> {
        let count = Int(plugin.activity_count)
        guard count >= 1 else {
            return .failure(.invalidTable(path: path, problem: "activity_count is 0; a plugin implements at least one activity type"))
        }
        guard count <= PluginLimits.maximumActivityCount else {
            return .failure(
                .invalidTable(
                    path: path, problem: "activity_count is \(count), more than \(PluginLimits.maximumActivityCount)"))
        }
        guard let pointers = plugin.activities else {
            return .failure(.invalidTable(path: path, problem: "activities is NULL but activity_count is \(count)"))
        }
        var declarations: [ActivityDeclaration] = []
        for index in 0..<count {
            switch readDescriptor(pointers[index], index: index, path: path) {
            case .success(let declaration):
                if declarations.contains(where: { $0.typeName == declaration.typeName }) {
                    return .failure(
                        .invalidDescriptor(
                            path: path, index: index, typeName: declaration.typeName,
                            problem: "another descriptor of the same plugin already claims this type"))
                }
                declarations.append(declaration)
            case .failure(let error):
                return .failure(error)
            }
        }
        return .success(declarations)
    }

    private static func readDescriptor(
        _ pointer: UnsafePointer<ph_activity_descriptor>?, index: Int, path: String
    ) -> Result<ActivityDeclaration, PluginLoadError> {
        func invalid(_ typeName: String?, _ problem: String) -> Result<ActivityDeclaration, PluginLoadError> {
            .failure(.invalidDescriptor(path: path, index: index, typeName: typeName, problem: problem))
        }
        guard let pointer else { return invalid(nil, "the pointer to it is NULL") }
        let structSize = pointer.pointee.struct_size
        let required = StructLayout.FrozenSize.activityDescriptor
        guard StructLayout.isCompatible(structSize: structSize, frozenSize: required) else {
            return invalid(
                nil,
                "struct_size is \(structSize), but a plugin ABI 1.0 descriptor is at least \(required) bytes; set it "
                    + "to sizeof(ph_activity_descriptor)")
        }
        let descriptor = StructLayout.copy(of: pointer)
        let typeName: String
        switch readCString(descriptor.type_name) {
        case .success(let name?): typeName = name
        case .success(nil): return invalid(nil, "type_name is NULL")
        case .failure(let problem): return invalid(nil, "type_name \(problem)")
        }
        if let problem = IdentifierRules.problem(withTypeName: typeName) { return invalid(typeName, problem) }
        let summary: String
        switch readCString(descriptor.description) {
        case .success(let text): summary = text ?? ""
        case .failure(let problem): return invalid(typeName, "description \(problem)")
        }
        let flags = ActivityFlags(rawValue: descriptor.flags)
        let unknown = flags.subtracting(.known)
        guard unknown.isEmpty else {
            return invalid(
                typeName, "flags has bits this host does not know (0x\(String(unknown.rawValue, radix: 16))); use only "
                    + "PH_ACTIVITY_THREAD_SAFE and PH_ACTIVITY_LONG_RUNNING")
        }
        let hasRun = descriptor.run != nil
        let operations = [descriptor.start != nil, descriptor.poll != nil, descriptor.cancel != nil]
        if flags.contains(.longRunning) {
            guard !hasRun, operations.allSatisfy({ $0 }) else {
                return invalid(
                    typeName, "PH_ACTIVITY_LONG_RUNNING is set, so start, poll and cancel must all be set and run NULL")
            }
        } else {
            guard hasRun, operations.allSatisfy({ !$0 }) else {
                return invalid(
                    typeName, "PH_ACTIVITY_LONG_RUNNING is clear, so run must be set and start, poll and cancel NULL")
            }
        }
        let linkedServiceTypes: [String]?
        switch readCString(descriptor.linked_service_types) {
        case .success(nil): linkedServiceTypes = nil
        case .success(let list?):
            switch LinkedServiceTypeList.parse(list) {
            case .success(let types): linkedServiceTypes = types
            case .failure(let problem): return invalid(typeName, "linked_service_types \(problem)")
            }
        case .failure(let problem): return invalid(typeName, "linked_service_types \(problem)")
        }
        return .success(
            ActivityDeclaration(
                typeName: typeName, summary: summary, isThreadSafe: flags.contains(.threadSafe),
                isLongRunning: flags.contains(.longRunning), linkedServiceTypes: linkedServiceTypes))
    }

    /// A plugin-owned C string: nil for NULL, or why it is unusable (unterminated, not UTF-8).
    static func readCString(_ pointer: UnsafePointer<CChar>?) -> Result<String?, CStringProblem> {
        guard let pointer else { return .success(nil) }
        var length = 0
        while length < maximumStringLength && pointer[length] != 0 { length += 1 }
        guard length < maximumStringLength else { return .failure(CStringProblem("is not NUL-terminated within \(maximumStringLength) bytes")) }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(CStringProblem("is not valid UTF-8"))
        }
        return .success(text)
    }
}
