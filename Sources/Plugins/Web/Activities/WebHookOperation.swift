/// The operation state of a WebHook activity waiting for its callback, stored with the run. The
/// callback id itself is not stored (whoever knows it completes the activity): a restarted host
/// cannot receive the callback anyway, since the server and its waiting list live in memory.
///
/// ```json
/// {"key": "0F3A…", "deadline": 1714558200000, "timeout": "00:10:00", "endpoint": "https://host/hook"}
/// ```
struct WebHookOperation: Codable, Sendable, Equatable {
    /// The key of this activity's entry in the plugin's memory (see ``WebHookActivity``).
    var key: String
    /// When the wait ends, in milliseconds since 1970 (UTC).
    var deadline: Int64
    /// The `timeout` as written, for the message.
    var timeout: String
    /// The endpoint called, without its query.
    var endpoint: String
    /// When the activity started, in milliseconds since 1970 (UTC).
    var startedAt: Int64
}
