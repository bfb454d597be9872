import Foundation
import Synchronization

/// The emulator's date formatters, built once: creating a `DateFormatter` loads ICU's locale data,
/// which cost more than the rest of a request when SAS and `x-ms-date` times were parsed with a
/// new formatter each time. Formatters are used under a lock, as Foundation does not promise that
/// one is safe to use from several threads at once.
final class CachedDateFormatters: Sendable {
    private let formatters: Mutex<[String: DateFormatter]> = Mutex([:])

    static let shared = CachedDateFormatters()

    /// Runs `body` with the en_US_POSIX formatter for `format` in `timeZone`.
    func with<Result>(format: String, timeZone: String, _ body: (DateFormatter) -> Result) -> Result {
        formatters.withLock { formatters in
            let key = timeZone + "|" + format
            if let formatter = formatters[key] { return body(formatter) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: timeZone)
            formatter.dateFormat = format
            formatters[key] = formatter
            return body(formatter)
        }
    }
}
