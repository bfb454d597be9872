/// en-US month and day names.
enum DateNames {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let abbreviatedMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let abbreviatedDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// 1…12 for a full or abbreviated month name in any case.
    static func monthIndex(_ word: String) -> Int? {
        let lower = word.lowercased()
        if let index = months.firstIndex(where: { $0.lowercased() == lower }) { return index + 1 }
        if let index = abbreviatedMonths.firstIndex(where: { $0.lowercased() == lower }) { return index + 1 }
        if lower == "sept" { return 9 }
        return nil
    }

    /// 0 (Sunday)…6 for a full or abbreviated day name in any case.
    static func weekdayIndex(_ word: String) -> Int? {
        let lower = word.lowercased()
        if let index = days.firstIndex(where: { $0.lowercased() == lower }) { return index }
        return abbreviatedDays.firstIndex(where: { $0.lowercased() == lower })
    }
}
