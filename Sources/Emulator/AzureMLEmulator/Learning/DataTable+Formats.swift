import Foundation

/// The text formats of datasets, chosen by blob extension as Azure ML did.
enum DataFormat: String, Sendable {
    case csv
    case tsv
    case arff

    /// The format of a blob path, by its extension (case-insensitive).
    init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }

    var delimiter: Character { self == .tsv ? "\t" : "," }
}

extension DataTable {
    /// Parses a `.csv` or `.tsv` dataset with a header row. Quoted cells may hold delimiters, doubled
    /// quotes and line breaks; `\r\n` and `\n` both end rows; a final empty line is ignored.
    static func parse(_ data: Data, format: DataFormat) throws(DataTableError) -> DataTable {
        guard format != .arff else { throw .unsupportedFormat(".arff") }
        guard var text = String(data: data, encoding: .utf8) else { throw .notText }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = try splitRecords(text, delimiter: format.delimiter)
        guard let header = records.first, !(header.count == 1 && header[0].isEmpty) else { throw .empty }
        var rows: [[String]] = []
        rows.reserveCapacity(records.count - 1)
        for (offset, record) in records.dropFirst().enumerated() {
            if record.count == 1 && record[0].isEmpty { continue }
            guard record.count == header.count else {
                throw .raggedRow(row: offset + 1, cells: record.count, expected: header.count)
            }
            rows.append(record)
        }
        return DataTable(columns: header, rows: rows)
    }

    private static func splitRecords(_ text: String, delimiter: Character) throws(DataTableError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var inQuotes = false
        var characters = text.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            if inQuotes {
                if character == "\"" {
                    if pending == "\"" {
                        cell.append("\"")
                        pending = characters.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty: inQuotes = true
            case delimiter:
                record.append(cell)
                cell = ""
            case "\n", "\r\n", "\r":
                record.append(cell)
                records.append(record)
                record = []
                cell = ""
            default: cell.append(character)
            }
        }
        if inQuotes { throw .unterminatedQuote(row: records.count) }
        if !cell.isEmpty || !record.isEmpty {
            record.append(cell)
            records.append(record)
        }
        return records
    }

    /// The dataset as file bytes in the given format.
    func serialized(as format: DataFormat, relation: String = "dataset") -> Data {
        switch format {
        case .csv, .tsv:
            var text = ""
            for record in [columns] + rows {
                text += record.map { Self.quoted($0, delimiter: format.delimiter) }.joined(
                    separator: String(format.delimiter))
                text += "\r\n"
            }
            return Data(text.utf8)
        case .arff:
            return Data(arffText(relation: relation).utf8)
        }
    }

    private static func quoted(_ cell: String, delimiter: Character) -> String {
        guard cell.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Weka's ARFF: numeric columns where every cell parses as a number, string columns otherwise.
    private func arffText(relation: String) -> String {
        func quote(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        var text = "@RELATION \(quote(relation))\n\n"
        var numeric: [Bool] = []
        for (index, column) in columns.enumerated() {
            let isNumeric = !rows.isEmpty && rows.allSatisfy { Double($0[index]) != nil || $0[index].isEmpty }
            numeric.append(isNumeric)
            text += "@ATTRIBUTE \(quote(column)) \(isNumeric ? "NUMERIC" : "STRING")\n"
        }
        text += "\n@DATA\n"
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                cell.isEmpty ? "?" : (numeric[index] ? cell : quote(cell))
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }
}
