/// The operation state of a Web activity that polls a 202's `Location`, stored by the host with
/// the run. It holds no secret: a `Location` with a query stays in the plugin's memory
/// (``InMemoryTable``) and only its query-less form is stored, for messages.
///
/// ```json
/// {"key": "6F1C…", "shownLocation": "https://host/status/42", "location": "https://host/status/42",
///  "startedAt": 1714557600000, "polls": 3}
/// ```
struct WebOperation: Codable, Sendable, Equatable {
    /// The key of the location in ``InMemoryTable``.
    var key: String
    /// The location without its query, for messages.
    var shownLocation: String
    /// The whole location when it has no query (so a restarted host can go on polling).
    var location: String?
    /// When the activity sent its request, in milliseconds since 1970 (UTC).
    var startedAt: Int64
    /// Polls made so far.
    var polls: Int
}
