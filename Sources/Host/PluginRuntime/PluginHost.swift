import HostCore
import Logging
import PipehostJSON
import PipelineModel
import Synchronization

/// The plugins of one host process: loaded from a manifest, validated, initialised, and adapted to
/// `ActivityExecutor`s for the registry.
///
/// Loading never throws: each plugin ends up loaded, disabled or failed with its own
/// ``PluginLoadError``, so one broken plugin does not stop the others (``plugins`` lists them all).
public final class PluginHost: Sendable {
    /// One executor per activity type served, sorted by type name.
    public let executors: [any ActivityExecutor]
    /// Every plugin the manifest names or its folders hold, in manifest order, with its state.
    public let plugins: [LoadedPluginInfo]
    private let loaded: [LoadedPlugin]
    private let workerPools: [WorkerPool]
    private let pool: WorkerThreadPool
    private let logger: Logger
    private let shutdownTimeout: Duration
    private let isShutDown = Atomic<Bool>(false)

    private init(
        executors: [any ActivityExecutor], plugins: [LoadedPluginInfo], loaded: [LoadedPlugin], workerPools: [WorkerPool],
        pool: WorkerThreadPool, options: PluginHostOptions
    ) {
        self.workerPools = workerPools
        self.executors = executors
        self.plugins = plugins
        self.loaded = loaded
        self.pool = pool
        logger = options.logger
        shutdownTimeout = options.shutdownTimeout
    }

    /// Loads, validates and initialises every enabled plugin of the manifest.
    ///
    /// Order of work: collect the libraries (listed ones, then each scanned folder's `*.so` files
    /// in name order; a file reached twice is loaded once); load and validate each table; refuse a
    /// second library with an id already taken, and a plugin claiming a type an earlier plugin
    /// claims when plugins.json has no `activityTypes` rule for it; only then call `init` on the
    /// survivors; finally give each type to the plugin the rule names, or else to its first
    /// claimant.
    public static func load(manifest: PluginManifest, options: PluginHostOptions) -> PluginHost {
        var records = readTables(of: manifest, logger: options.logger)
        let workDirectory = FilePath.resolve(options.workDirectory, against: FileSystem.currentDirectory() ?? "/")
        if case .failure(let error) = FileSystem.createDirectories(workDirectory) {
            options.logger.warning("cannot create the plugins' work folder \(error)")
        }
        let hostInfo = HostInfoExtension(
            workDirectory: workDirectory, isolated: options.isolation.servesAsWorker)
        let pool = WorkerThreadPool(limit: options.workerThreadLimit)
        // Settings given by activity type go to the plugin that will serve that type.
        let startable = assignTypes(records, manifest: manifest) { record in
            guard let declaration = record.library?.declaration, record.error == nil else { return false }
            return manifest.overrides[declaration.pluginID]?.enabled != false
        }
        var settingsByRecord: [Int: JSONValue] = [:]
        for (typeName, settings) in options.settingsByActivityType.sorted(by: { $0.key < $1.key }) {
            if let index = startable[typeName] { settingsByRecord[index] = settings }
        }

        var loaded: [LoadedPlugin] = []
        var workerPools: [WorkerPool] = []
        for index in records.indices {
            guard let library = records[index].library, records[index].error == nil else { continue }
            let override = manifest.overrides[library.declaration.pluginID]
            if override?.enabled == false {
                records[index].disabledByOverride = true
                continue
            }
            let settings = settingsByRecord[index] ?? records[index].candidate.settings ?? override?.settings
                ?? .object(JSONObject())
            if options.isolation.isolates(library: records[index].candidate.isolation, override: override?.isolation) {
                // The host read the table above; init and every call happen in worker processes.
                switch startIsolated(library, settings: settings, workDirectory: workDirectory, options: options) {
                case .success(let workerPool):
                    records[index].workerPool = workerPool
                    workerPools.append(workerPool)
                case .failure(let error):
                    records[index].error = error
                }
                continue
            }
            let services = HostServicesTable(
                pluginID: library.declaration.pluginID, hostVersion: options.hostVersion, hostInfo: hostInfo,
                logger: options.logger)
            switch LoadedPlugin.initialize(library, services: services, settings: settings) {
            case .success(let plugin):
                records[index].plugin = plugin
                loaded.append(plugin)
            case .failure(let error):
                records[index].error = error
            }
        }

        let servers = assignTypes(records, manifest: manifest) { $0.plugin != nil || $0.workerPool != nil }
        var executors: [any ActivityExecutor] = []
        for (index, record) in records.enumerated() {
            if let workerPool = record.workerPool, let library = record.library {
                for activity in library.declaration.activities where servers[activity.typeName] == index {
                    executors.append(
                        ProcessActivityExecutor(
                            descriptor: ActivityTypeDescriptor(
                                typeName: activity.typeName,
                                origin: .plugin(
                                    id: library.declaration.pluginID, version: library.declaration.version,
                                    path: library.path),
                                summary: activity.summary, isThreadSafe: activity.isThreadSafe,
                                isLongRunning: activity.isLongRunning, linkedServiceTypes: activity.linkedServiceTypes),
                            pool: workerPool))
                }
                continue
            }
            guard let plugin = record.plugin else { continue }
            for activity in plugin.library.declaration.activities where servers[activity.typeName] == index {
                guard let pointer = plugin.library.descriptor(for: activity.typeName) else { continue }
                executors.append(
                    PluginActivityExecutor(
                        plugin: plugin, declaration: activity, descriptor: pointer, pool: pool,
                        defaultPollInterval: options.defaultPollInterval))
            }
        }
        executors.sort { $0.descriptor.typeName < $1.descriptor.typeName }
        let servedBy = servers.compactMapValues { records[$0].library?.declaration.pluginID }
        let infos = records.map { $0.info(servedBy: servedBy) }
        return PluginHost(
            executors: executors, plugins: infos, loaded: loaded, workerPools: workerPools, pool: pool, options: options)
    }

    /// Starts the first worker of an isolated plugin, so that a plugin that cannot start is
    /// refused at load time like an in-process one, and checks that it serves what it declared.
    private static func startIsolated(
        _ library: PluginLibrary, settings: JSONValue, workDirectory: String, options: PluginHostOptions
    ) -> Result<WorkerPool, PluginLoadError> {
        let declaration = library.declaration
        let workerPool = WorkerPool(
            configuration: WorkerPool.Configuration(
                executable: options.isolation.resolvedWorkerExecutable, libraryPath: library.path, settings: settings,
                workDirectory: workDirectory, pluginID: declaration.pluginID, limit: options.isolation.workersPerPlugin,
                startTimeout: options.isolation.startTimeout, cancellationGrace: options.isolation.cancellationGrace,
                defaultPollInterval: options.defaultPollInterval))
        switch workerPool.start() {
        case .success(let worker):
            let declared = declaration.activities.map(\.typeName).sorted()
            guard worker.types.sorted() == declared else {
                worker.kill(because: .shutDown)
                return .failure(
                    .workerFailed(
                        path: library.path, pluginID: declaration.pluginID,
                        reason: "the worker serves \(worker.types.sorted()) but the library declares \(declared)"))
            }
            workerPool.adopt(worker)
            return .success(workerPool)
        case .failure(let error):
            return .failure(.workerFailed(path: library.path, pluginID: declaration.pluginID, reason: "\(error)"))
        }
    }

    /// Calls every plugin's `deinit` once, in reverse load order, after its executions in flight
    /// returned (a long-running operation counts until it finished or was cancelled, so cancel
    /// runs first); later calls to the executors fail with a clear error. Idempotent.
    public func shutdown() {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for plugin in loaded.reversed() where !plugin.close(waitingUpTo: shutdownTimeout) {
            logger.warning(
                "plugin '\(plugin.pluginID)' still had calls running after \(shutdownTimeout); its deinit was not called")
        }
        for workerPool in workerPools.reversed() { workerPool.shutdown(timeout: shutdownTimeout) }
        pool.stop()
    }

    /// How many worker threads the host has started so far (never more than the limit).
    public var workerThreadsStarted: Int { pool.threadsStarted }

    /// How many worker processes the isolated plugins have started so far, restarts included.
    public var workerProcessesStarted: Int { workerPools.reduce(0) { $0 + $1.workersStarted } }

    /// The refused plugins' errors, in manifest order.
    public var failures: [PluginLoadError] { plugins.compactMap(\.error) }

    /// The refused plugins as the registry and validation name them when an activity type is not
    /// implemented, in manifest order.
    public var unavailablePlugins: [UnavailablePlugin] {
        plugins.compactMap { plugin in
            plugin.error.map { error in
                UnavailablePlugin(
                    path: error.path, pluginID: plugin.pluginID,
                    declaredTypes: plugin.declaration?.activities.map(\.typeName) ?? [], reason: error.description)
            }
        }
    }

    /// What the manifest's plugins declare, read from their tables without calling any plugin's
    /// `init`, starting a worker or creating the work folder: the activity types they would serve
    /// and the plugins that cannot serve. Validation needs no more, so `validate`, and a run that
    /// turns out to be invalid, start nothing and leave nothing behind; a plugin whose `init` then
    /// fails in ``load(manifest:options:)`` is named when its activity runs.
    public static func catalog(manifest: PluginManifest, logger: Logger) -> PluginCatalog {
        let records = readTables(of: manifest, logger: logger)
        let servers = assignTypes(records, manifest: manifest) { record in
            guard let declaration = record.library?.declaration, record.error == nil else { return false }
            return manifest.overrides[declaration.pluginID]?.enabled != false
        }
        let unavailable = records.compactMap { record in
            record.error.map { error in
                UnavailablePlugin(
                    path: error.path, pluginID: record.library?.declaration.pluginID,
                    declaredTypes: record.library?.declaration.activities.map(\.typeName) ?? [], reason: error.description)
            }
        }
        var linkedServiceTypes: [String: [String]] = [:]
        for (typeName, index) in servers {
            let declared = records[index].library?.declaration.activities.first { $0.typeName == typeName }
            if let types = declared?.linkedServiceTypes { linkedServiceTypes[typeName] = types }
        }
        return PluginCatalog(
            activityTypes: Set(servers.keys), unavailablePlugins: unavailable, linkedServiceTypes: linkedServiceTypes)
    }

    // MARK: Steps

    /// Collects the libraries, loads and validates each table, and refuses duplicates: every step
    /// before a plugin's own code runs.
    private static func readTables(of manifest: PluginManifest, logger: Logger) -> [PluginRecord] {
        var records = collectCandidates(manifest, logger: logger).map { candidate in PluginRecord(candidate: candidate) }
        for index in records.indices where records[index].candidate.enabled {
            switch PluginLibrary.load(records[index].candidate.path) {
            case .success(let library): records[index].library = library
            case .failure(let error): records[index].error = error
            }
        }
        refuseDuplicates(&records, manifest: manifest, logger: logger)
        return records
    }

    private static func collectCandidates(_ manifest: PluginManifest, logger: Logger) -> [PluginCandidate] {
        var candidates: [PluginCandidate] = []
        var seen: Set<String> = []
        func add(_ candidate: PluginCandidate) {
            let key = FileSystem.canonicalPath(candidate.path) ?? candidate.path
            if seen.insert(key).inserted { candidates.append(candidate) }
        }
        for library in manifest.libraries {
            add(
                PluginCandidate(
                    path: library.path, enabled: library.enabled, settings: library.settings, isolation: library.isolation))
        }
        for directory in manifest.directories where directory.enabled {
            switch FileSystem.contentsOfDirectory(directory.path) {
            case .success(let names):
                for name in names where name.hasSuffix(".so") {
                    add(
                        PluginCandidate(
                            path: FilePath.join(directory.path, name), enabled: true, settings: nil, isolation: nil))
                }
            case .failure(let error):
                logger.warning("cannot scan the plugin folder \(error) (\"\(directory.writtenPath)\" in plugins.json)")
            }
        }
        return candidates
    }

    /// Refuses a plugin that claims a built-in control activity's type, a library whose plugin id
    /// an earlier one declared, and a plugin that claims a type an earlier plugin claims when
    /// plugins.json has no rule for that type.
    private static func refuseDuplicates(_ records: inout [PluginRecord], manifest: PluginManifest, logger: Logger) {
        var ids: [String: String] = [:]
        var claims: [String: (pluginID: String, path: String)] = [:]
        let builtInTypes = BuiltInActivities.typeNames
        for index in records.indices {
            guard let declaration = records[index].library?.declaration, records[index].error == nil else { continue }
            let path = records[index].candidate.path
            if let builtIn = declaration.activities.first(where: { builtInTypes.contains($0.typeName) }) {
                records[index].error = .claimsBuiltInType(
                    path: path, pluginID: declaration.pluginID, typeName: builtIn.typeName)
                continue
            }
            if let otherPath = ids[declaration.pluginID] {
                records[index].error = .duplicatePluginID(path: path, pluginID: declaration.pluginID, otherPath: otherPath)
                continue
            }
            if manifest.overrides[declaration.pluginID]?.enabled == false {
                ids[declaration.pluginID] = path
                continue
            }
            let conflict = declaration.activities.first { activity in
                claims[activity.typeName] != nil && manifest.activityTypes[activity.typeName] == nil
            }
            if let conflict, let other = claims[conflict.typeName] {
                records[index].error = .duplicateType(
                    path: path, pluginID: declaration.pluginID, typeName: conflict.typeName, otherPluginID: other.pluginID,
                    otherPath: other.path)
                continue
            }
            ids[declaration.pluginID] = path
            for activity in declaration.activities where claims[activity.typeName] == nil {
                claims[activity.typeName] = (declaration.pluginID, path)
            }
        }
        for (typeName, pluginID) in manifest.activityTypes.sorted(by: { $0.key < $1.key }) {
            let claimed = records.contains { record in
                record.library?.declaration.pluginID == pluginID
                    && record.library?.declaration.activities.contains { $0.typeName == typeName } == true
            }
            if !claimed {
                logger.warning(
                    "plugins.json says plugin '\(pluginID)' serves '\(typeName)', but no listed plugin with that id claims it")
            }
        }
    }

    /// Type name → the index of the record that serves it, among the records `isCandidate` accepts
    /// (the started ones, in process or isolated): the one plugins.json's rule names, or else the
    /// first claimant.
    private static func assignTypes(
        _ records: [PluginRecord], manifest: PluginManifest, isCandidate: (PluginRecord) -> Bool
    ) -> [String: Int] {
        var servers: [String: Int] = [:]
        for (index, record) in records.enumerated() {
            guard isCandidate(record), let declaration = record.library?.declaration else {
                continue
            }
            for activity in declaration.activities {
                let preferred = manifest.activityTypes[activity.typeName]
                if let current = servers[activity.typeName],
                    records[current].library?.declaration.pluginID == preferred || preferred != declaration.pluginID
                {
                    continue
                }
                servers[activity.typeName] = index
            }
        }
        return servers
    }
}

/// A library the manifest leads to, before loading.
struct PluginCandidate {
    var path: String
    var enabled: Bool
    var settings: JSONValue?
    var isolation: PluginIsolation?
}

/// The loading state of one candidate as it moves through the steps.
struct PluginRecord {
    var candidate: PluginCandidate
    var library: PluginLibrary?
    var plugin: LoadedPlugin?
    /// Set instead of `plugin` when the plugin runs in worker processes.
    var workerPool: WorkerPool?
    var error: PluginLoadError?
    var disabledByOverride = false

    init(candidate: PluginCandidate) {
        self.candidate = candidate
    }

    func info(servedBy: [String: String]) -> LoadedPluginInfo {
        let state: LoadedPluginInfo.State
        if let error {
            state = .failed(error)
        } else if plugin != nil || workerPool != nil {
            state = .loaded
        } else {
            state = .disabled
        }
        var served: [String: String] = [:]
        for activity in library?.declaration.activities ?? [] {
            if let server = servedBy[activity.typeName] { served[activity.typeName] = server }
        }
        return LoadedPluginInfo(
            path: library?.path ?? candidate.path, declaration: library?.declaration, state: state, servedBy: served)
    }
}
