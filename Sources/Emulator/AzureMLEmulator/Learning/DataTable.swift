import Foundation

/// A dataset as Azure ML web services exchanged it: a header row of column names, then rows of text
/// cells. Parsed from and written to `.csv` (RFC 4180 quoting), `.tsv`, and written to `.arff`.
struct DataTable: Sendable, Equatable {
    /// Column names from the header row.
    var columns: [String]
    /// Rows, each with exactly `columns.count` cells.
    var rows: [[String]]

    /// The index of a column, matching its name exactly.
    func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// A table with one more column, its cells produced per row.
    func appendingColumn(_ name: String, values: [String]) -> DataTable {
        DataTable(columns: columns + [name], rows: zip(rows, values).map { $0 + [$1] })
    }

    /// The numeric value of every row in the named columns, in row order.
    ///
    /// - Throws: `DataTableError` naming the first missing column or non-numeric cell (1-based data row).
    func numericColumns(_ names: [String]) throws(DataTableError) -> [[Double]] {
        var indexes: [Int] = []
        for name in names {
            guard let index = columnIndex(name) else { throw .missingColumn(name, available: columns) }
            indexes.append(index)
        }
        var result: [[Double]] = []
        result.reserveCapacity(rows.count)
        for (rowNumber, row) in rows.enumerated() {
            var values: [Double] = []
            for (position, index) in indexes.enumerated() {
                let cell = row[index].trimmingCharacters(in: .whitespaces)
                guard let value = Double(cell), value.isFinite else {
                    throw .notNumeric(row: rowNumber + 1, column: names[position], value: row[index])
                }
                values.append(value)
            }
            result.append(values)
        }
        return result
    }
}

/// Why a dataset could not be read or used.
enum DataTableError: Error, Equatable {
    /// The file has no header row.
    case empty
    /// A data row has a different number of cells from the header.
    case raggedRow(row: Int, cells: Int, expected: Int)
    /// A quoted cell is not closed before the end of the file.
    case unterminatedQuote(row: Int)
    /// The bytes are not UTF-8 text.
    case notText
    /// A column the model or training setup names is not in the header.
    case missingColumn(String, available: [String])
    /// A cell that must be a number is not.
    case notNumeric(row: Int, column: String, value: String)
    /// The file extension names no format the emulator reads.
    case unsupportedFormat(String)
}

extension DataTableError: CustomStringConvertible {
    var description: String {
        switch self {
        case .empty: "the dataset is empty; a header row with the column names is required"
        case .raggedRow(let row, let cells, let expected):
            "data row \(row) has \(cells) cells but the header has \(expected) columns"
        case .unterminatedQuote(let row): "data row \(row) opens a quoted cell that is never closed"
        case .notText: "the dataset is not UTF-8 text"
        case .missingColumn(let name, let available):
            "Error 0001: Column with name or index \"\(name)\" not found (columns: \(available.joined(separator: ", ")))"
        case .notNumeric(let row, let column, let value):
            "data row \(row), column \"\(column)\": \"\(value)\" is not a number"
        case .unsupportedFormat(let ext):
            "the emulator reads datasets as .csv or .tsv, not \(ext.isEmpty ? "files without an extension" : ext)"
        }
    }
}
