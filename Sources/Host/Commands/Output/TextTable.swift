/// A plain text table: columns as wide as their widest cell (at most 40 characters; longer cells
/// end in "…"), two spaces apart, the last column unpadded so that it takes the rest of the line.
enum TextTable {
    static let maximumColumnWidth = 40

    /// The header and the rows laid out, one line each, without line ends.
    static func lines(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated().dropLast() {
                widths[column] = min(max(widths[column], cell.count), maximumColumnWidth)
            }
        }
        return ([header] + rows).map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                if column == row.count - 1 {
                    line += cell
                } else {
                    let clipped = cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                    line += clipped + String(repeating: " ", count: widths[column] - clipped.count + 2)
                }
            }
            return line
        }
    }

    /// The table as text; a line wider than `width` is cut to end in "…" (when `width` is more
    /// than 10 columns, so that a narrow or unknown terminal still gets whole lines).
    static func render(header: [String], rows: [[String]], width: Int) -> String {
        lines(header: header, rows: rows).map { line in
            (line.count > width && width > 10 ? String(line.prefix(width - 1)) + "…" : line) + "\n"
        }.joined()
    }
}
