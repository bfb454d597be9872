import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// Reading and writing delimited text over in-memory streams, with chunk boundaries everywhere.
@Suite(.tags(.small))
struct DelimitedTextTests {
    @Test func aHeaderNamesTheColumnsAndEveryLineBreakEndsARow() async throws {
        let (reader, _) = try await csvReader("id,name\r\n1,Ann\n2,Bob\r3,Cy", ["firstRowAsHeader": true])
        #expect(reader.columns.map(\.name) == ["id", "name"])
        #expect(
            try await allRows(reader) == [
                [.string("1"), .string("Ann")], [.string("2"), .string("Bob")], [.string("3"), .string("Cy")],
            ])
    }

    @Test func withoutAHeaderColumnsAreNamedPropN() async throws {
        let (reader, _) = try await csvReader("a,b,c\n")
        #expect(reader.columns.map(\.name) == ["Prop_0", "Prop_1", "Prop_2"])
        #expect(try await allRows(reader) == [[.string("a"), .string("b"), .string("c")]])
    }

    @Test func quotedValuesKeepDelimitersLineBreaksAndEscapedQuotes() async throws {
        let (reader, _) = try await csvReader("\"a,b\",\"line\nbreak\",\"say \\\"hi\\\"\"\n")
        #expect(try await allRows(reader) == [[.string("a,b"), .string("line\nbreak"), .string("say \"hi\"")]])
    }

    @Test func aDoubledQuoteEscapesWhenTheEscapeCharIsTheQuote() async throws {
        let (reader, _) = try await csvReader("\"He said \"\"no\"\"\",x\n", ["escapeChar": "\""])
        #expect(try await allRows(reader) == [[.string("He said \"no\""), .string("x")]])
    }

    @Test func multiCharacterAndTabDelimitersSplitColumns() async throws {
        let (multi, _) = try await csvReader("a||b||c\n", ["columnDelimiter": "||"])
        #expect(try await allRows(multi) == [[.string("a"), .string("b"), .string("c")]])
        let (tab, _) = try await csvReader("a\tb\n", ["columnDelimiter": "\\t"])
        #expect(try await allRows(tab) == [[.string("a"), .string("b")]])
    }

    @Test func theNullValueReadsAsNullUnlessQuoted() async throws {
        let (reader, _) = try await csvReader("NULL,\"NULL\",\n", ["nullValue": "NULL"])
        #expect(try await allRows(reader) == [[.null, .string("NULL"), .string("")]])
    }

    @Test func skipLineCountSkipsLinesBeforeTheHeader() async throws {
        let (reader, _) = try await csvReader(
            "junk\nmore junk\nid\n7\n", ["firstRowAsHeader": true], formatSettings: ["skipLineCount": 2])
        #expect(reader.columns.map(\.name) == ["id"])
        #expect(try await allRows(reader) == [[.string("7")]])
    }

    @Test func aRowWithMoreColumnsFailsWithADFsCodeNamingFileAndRow() async throws {
        let (reader, _) = try await csvReader("id,name\n1,Ann\n2,Bob,extra\n", ["firstRowAsHeader": true])
        await #expect(throws: ActivityFailure.self) { try await allRows(reader) }
        do {
            _ = try await allRows(reader)
        } catch let failure as ActivityFailure {
            #expect(failure.errorCode == "DelimitedTextMoreColumnsThanDefined")
            #expect(failure.message.contains("'in.csv' with row number 3"))
        }
    }

    @Test func skippingCountsIncompatibleRowsAndKeepsTheRest() async throws {
        let (reader, incompatible) = try await csvReader(
            "id,name\n1,Ann\n2\n3,Cy,x\n4,Dee\n", ["firstRowAsHeader": true], skipping: true)
        #expect(try await allRows(reader) == [[.string("1"), .string("Ann")], [.string("4"), .string("Dee")]])
        #expect(incompatible.count == 2)
        #expect(incompatible.rows.map(\.number) == [3, 4])
    }

    @Test func anUnterminatedQuoteFailsNamingTheRow() async throws {
        let (reader, _) = try await csvReader("a,b\n\"open,c\n")
        do {
            _ = try await allRows(reader)
            Issue.record("expected a failure")
        } catch let failure as ActivityFailure {
            #expect(failure.errorCode == "DelimitedTextUnterminatedQuote")
            #expect(failure.message.contains("row number 2"))
        }
    }

    @Test func anEmptyHeaderNameFails() async throws {
        await #expect(throws: ActivityFailure.self) {
            _ = try await csvReader("id,,x\n1,2,3\n", ["firstRowAsHeader": true])
        }
    }

    @Test func utf16TextIsDecodedAcrossChunkBoundaries() async throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "é,€\n😀,b\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let dataset = delimitedDataset(["encodingName": "UTF-16"])
        let settings = try DelimitedTextSettings(dataset: dataset, formatSettings: nil, formatSettingsPath: "fs")
        let source = try TextSource(
            bytes: MemorySource(bytes: bytes, chunkSize: 3), file: "u.csv", encoding: settings.encoding,
            compression: settings.compression)
        let reader = try await DelimitedTextReader.open(
            source, settings: settings, schema: nil, incompatible: IncompatibleRows(skipping: false))
        #expect(try await allRows(reader) == [[.string("é"), .string("€")], [.string("😀"), .string("b")]])
    }

    @Test func utf16BigEndianWithoutAByteOrderMarkAndLatin1Decode() async throws {
        var bytes: [UInt8] = []
        // U+FFFE-like bytes later in the file are text, not a byte order mark.
        for unit in "a,\u{FEFF}b\n".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let dataset = delimitedDataset(["encodingName": "UTF-16BE"])
        let settings = try DelimitedTextSettings(dataset: dataset, formatSettings: nil, formatSettingsPath: "fs")
        let reader = try await DelimitedTextReader.open(
            try TextSource(bytes: MemorySource(bytes: bytes, chunkSize: 2), file: "b", encoding: settings.encoding, compression: .none),
            settings: settings, schema: nil, incompatible: IncompatibleRows(skipping: false))
        #expect(try await allRows(reader) == [[.string("a"), .string("\u{FEFF}b")]])

        let latin = try DelimitedTextSettings(
            dataset: delimitedDataset(["encodingName": "ISO-8859-1"]), formatSettings: nil, formatSettingsPath: "fs")
        let latinReader = try await DelimitedTextReader.open(
            try TextSource(bytes: MemorySource(bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A]), file: "l", encoding: latin.encoding, compression: .none),
            settings: latin, schema: nil, incompatible: IncompatibleRows(skipping: false))
        #expect(try await allRows(latinReader) == [[.string("café")]])
    }

    @Test func anUnknownEncodingIsRefusedNamingTheProperty() throws {
        #expect(throws: ActivityFailure.self) {
            _ = try DelimitedTextSettings(
                dataset: delimitedDataset(["encodingName": "EBCDIC-XYZ"]), formatSettings: nil, formatSettingsPath: "fs")
        }
    }

    @Test func theWriterQuotesWhatNeedsQuotesAndEscapesTheQuote() async throws {
        let dataset = delimitedDataset(["firstRowAsHeader": true])
        let settings = try DelimitedTextSettings(dataset: dataset, formatSettings: nil, formatSettingsPath: "fs")
        let sink = MemorySink()
        let text = try TextSink(sink: sink, file: "out.csv", encoding: .utf8, compression: .none)
        let writer = try await DelimitedTextWriter(
            output: text, settings: settings, columns: [Column(name: "a"), Column(name: "b")])
        try await writer.write([[.string("x,y"), .string("say \"hi\"")], [.null, .integer(3)]])
        let written = try await writer.commit()
        #expect(sink.text == "a,b\r\n\"x,y\",\"say \\\"hi\\\"\"\r\n,3\r\n")
        #expect(written.rows == 2)
    }

    @Test func whatTheWriterWritesTheReaderReadsBack() async throws {
        let dataset = delimitedDataset(["firstRowAsHeader": true])
        let settings = try DelimitedTextSettings(dataset: dataset, formatSettings: nil, formatSettingsPath: "fs")
        let sink = MemorySink()
        let writer = try await DelimitedTextWriter(
            output: try TextSink(sink: sink, file: "o", encoding: .utf8, compression: .none), settings: settings,
            columns: [Column(name: "v"), Column(name: "n")])
        let values = ["plain", "a,b", "quote \"q\"", "back\\slash", "line\nbreak", ""]
        try await writer.write(values.map { [.string($0), .integer(1)] })
        _ = try await writer.commit()
        let (reader, _) = try await csvReader(sink.text ?? "", ["firstRowAsHeader": true])
        #expect(try await allRows(reader) == values.map { [$0.isEmpty ? .null : .string($0), .string("1")] })
    }
}
