import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

@Suite(.tags(.small))
struct DataTableTests {
    @Test func parsesQuotedCellsAndLineEndings() throws {
        let text = "\u{FEFF}name,note,value\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",1.5\r\nDoe,,2\n"
        let table = try DataTable.parse(Data(text.utf8), format: .csv)
        #expect(table.columns == ["name", "note", "value"])
        #expect(table.rows == [["Smith, J", "said \"hi\"\nthen left", "1.5"], ["Doe", "", "2"]])
    }

    @Test func tabSeparatedValues() throws {
        let table = try DataTable.parse(Data("a\tb\n1\t2\n".utf8), format: .tsv)
        #expect(table.rows == [["1", "2"]])
    }

    @Test func serializesBackToTheSameTable() throws {
        let table = DataTable(columns: ["a", "b,c"], rows: [["x \"y\"", "1"], ["", "line\nbreak"]])
        let parsed = try DataTable.parse(table.serialized(as: .csv), format: .csv)
        #expect(parsed == table)
    }

    @Test func raggedRowsAreReportedWithTheirRowNumber() {
        #expect(throws: DataTableError.raggedRow(row: 2, cells: 1, expected: 2)) {
            try DataTable.parse(Data("a,b\n1,2\n3\n".utf8), format: .csv)
        }
    }

    @Test func anEmptyFileHasNoHeader() {
        #expect(throws: DataTableError.empty) { try DataTable.parse(Data(), format: .csv) }
    }

    @Test func numericColumnsNameTheBadCell() {
        let table = DataTable(columns: ["x"], rows: [["1"], ["two"]])
        #expect(throws: DataTableError.notNumeric(row: 2, column: "x", value: "two")) {
            try table.numericColumns(["x"])
        }
        #expect(throws: DataTableError.missingColumn("y", available: ["x"])) { try table.numericColumns(["y"]) }
    }

    @Test func writesARFF() throws {
        let table = DataTable(columns: ["id", "score"], rows: [["r1", "1.5"], ["r'2", ""]])
        let text = try #require(String(data: table.serialized(as: .arff, relation: "out"), encoding: .utf8))
        #expect(text.contains("@ATTRIBUTE 'id' STRING\n@ATTRIBUTE 'score' NUMERIC\n"))
        #expect(text.hasSuffix("@DATA\n'r1',1.5\n'r\\'2',?\n"))
    }
}
