import GRDB

/// The store's tables, as a versioned series of migrations. A database written by an older
/// pipehost is brought up to date when it is opened; migrations are never edited once released,
/// only appended.
///
/// - v1: pipeline runs, activity runs (every attempt), variables, loop iterations, and the saved
///   state of long-running operations.
/// - v2: where a run came from (factory source, plugin manifest) so `runs resume` and `runs rerun`
///   need no arguments, which run a rerun repeats, and an index for `runs list`.
/// - v3: run leases: which process runs a top-level run now, renewed by its heartbeat, so that a
///   live run is never resumed a second time.
public enum RunStoreSchema {
    /// The newest migration's identifier.
    public static let latestVersion = "v3"

    /// Every migration, in order.
    public static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE pipeline_runs (
                    run_id TEXT PRIMARY KEY NOT NULL,
                    run_group_id TEXT NOT NULL,
                    pipeline_name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    run_start REAL,
                    run_end REAL,
                    message TEXT NOT NULL DEFAULT '',
                    parameters_json TEXT NOT NULL,
                    invoked_by_json TEXT NOT NULL,
                    annotations_json TEXT NOT NULL,
                    variables_json TEXT NOT NULL,
                    return_value_json TEXT,
                    definition_json TEXT NOT NULL,
                    parent_run_id TEXT
                );
                CREATE INDEX pipeline_runs_group ON pipeline_runs(run_group_id);
                CREATE TABLE activity_runs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    pipeline_run_id TEXT NOT NULL,
                    activity_run_id TEXT NOT NULL,
                    pipeline_name TEXT NOT NULL,
                    activity_name TEXT NOT NULL,
                    activity_type TEXT NOT NULL,
                    linked_service_name TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    status TEXT NOT NULL,
                    run_start REAL,
                    run_end REAL,
                    retry_attempt INTEGER,
                    input_json TEXT NOT NULL,
                    output_json TEXT NOT NULL,
                    error_json TEXT,
                    user_properties_json TEXT NOT NULL,
                    finished INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (pipeline_run_id, activity_run_id)
                );
                CREATE TABLE run_variables (
                    pipeline_run_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value_json TEXT NOT NULL,
                    PRIMARY KEY (pipeline_run_id, name)
                );
                CREATE TABLE loop_iterations (
                    pipeline_run_id TEXT NOT NULL,
                    loop TEXT NOT NULL,
                    iteration INTEGER NOT NULL,
                    succeeded INTEGER NOT NULL,
                    PRIMARY KEY (pipeline_run_id, loop, iteration)
                );
                CREATE TABLE operation_states (
                    pipeline_run_id TEXT NOT NULL,
                    activity_key TEXT NOT NULL,
                    activity_run_id TEXT NOT NULL,
                    state BLOB NOT NULL,
                    PRIMARY KEY (pipeline_run_id, activity_key)
                );
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE pipeline_runs ADD COLUMN source TEXT;
                ALTER TABLE pipeline_runs ADD COLUMN plugin_manifest TEXT;
                ALTER TABLE pipeline_runs ADD COLUMN rerun_of TEXT;
                CREATE INDEX pipeline_runs_start ON pipeline_runs(run_start DESC);
                """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE run_leases (
                    run_id TEXT PRIMARY KEY NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    process_start TEXT NOT NULL,
                    acquired_at REAL NOT NULL,
                    heartbeat_at REAL NOT NULL
                );
                """)
        }
        return migrator
    }
}
