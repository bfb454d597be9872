import Foundation

/// A time zone named in an expression: a Windows id (`Pacific Standard Time`, any case) or an IANA
/// id (`America/Los_Angeles`), with its rules from the system's time zone database.
struct ResolvedTimeZone: Sendable {
    /// The name as written.
    let name: String
    /// True for UTC itself, whose converted times print with `Z`.
    let isUTC: Bool
    private let zone: TimeZone

    private static let utcNames: Set<String> = [
        "utc", "etc/utc", "etc/uct", "uct", "etc/universal", "universal", "etc/zulu", "zulu",
    ]

    /// IANA identifiers by lower-cased name, so that a differently cased id is still found.
    private static let ianaByLowercasedID: [String: String] = {
        var table: [String: String] = [:]
        for identifier in TimeZone.knownTimeZoneIdentifiers { table[identifier.lowercased()] = identifier }
        return table
    }()

    private static let windowsByLowercasedID: [String: String] = {
        var table: [String: String] = [:]
        for (windows, iana) in WindowsTimeZones.ianaByWindowsID { table[windows.lowercased()] = iana }
        return table
    }()

    /// The zone called `name`, or nil when no Windows or IANA zone has that name.
    static func resolve(_ name: String) -> ResolvedTimeZone? {
        let lower = name.lowercased()
        if utcNames.contains(lower), let utc = TimeZone(identifier: "UTC") {
            return ResolvedTimeZone(name: name, isUTC: true, zone: utc)
        }
        let identifier = windowsByLowercasedID[lower] ?? ianaByLowercasedID[lower] ?? name
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        return ResolvedTimeZone(name: name, isUTC: false, zone: zone)
    }

    /// The offset from UTC, in ticks, at the UTC instant `ticks`.
    func offset(atUTC ticks: Int64) -> Int64 {
        let seconds = Double(ticks - Timestamp.unixEpochTicks) / Double(Timestamp.ticksPerSecond)
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))) * Timestamp.ticksPerSecond
    }

    /// The local wall-clock time in this zone at the UTC instant `ticks`.
    func local(fromUTC ticks: Int64) -> Int64 {
        ticks + offset(atUTC: ticks)
    }

    /// The UTC instant of the wall-clock time `local`; nil when the time does not exist (skipped by
    /// a daylight-saving change) or happens twice (repeated by one).
    func utc(fromLocal local: Int64) -> Int64? {
        var candidates: Set<Int64> = []
        for probe in [local - Timestamp.ticksPerDay, local, local + Timestamp.ticksPerDay] {
            candidates.insert(offset(atUTC: probe))
        }
        let solutions = Set(candidates.filter { offset(atUTC: local - $0) == $0 }.map { local - $0 })
        return solutions.count == 1 ? solutions.first : nil
    }
}
