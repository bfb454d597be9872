import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// The tokenizer's edge cases, each read with chunk sizes from one byte up: a record, a quote, an
/// escape or a delimiter split anywhere between two chunks reads the same.
@Suite(.tags(.small))
struct DelimitedTextTokenizerTests {
    static let chunkSizes = [1, 2, 3, 5, 64, 4096]

    /// The rows of `text` with every chunk size; fails when two chunk sizes disagree.
    private func rows(_ text: String, _ properties: JSONObject = [:]) async throws -> [[Cell]] {
        var first: [[Cell]]?
        for size in Self.chunkSizes {
            let (reader, _) = try await csvReader(text, properties, chunkSize: size)
            let read = try await allRows(reader)
            if let first { #expect(read == first, "chunk size \(size)") } else { first = read }
        }
        return first ?? []
    }

    @Test func anEscapeOutsideQuotesTakesTheNextCharacterLiterally() async throws {
        #expect(try await rows("a\\,b,c\\\\d\n") == [[.string("a,b"), .string("c\\d")]])
    }

    @Test func anEscapeAtTheVeryEndStandsForItself() async throws {
        #expect(try await rows("a,b\\") == [[.string("a"), .string("b\\")]])
    }

    @Test func textAfterAClosingQuoteJoinsTheValue() async throws {
        #expect(try await rows("\"ab\"cd,e\n") == [[.string("abcd"), .string("e")]])
        #expect(try await rows("\"a\\\"b\"c\\,d,e\n") == [[.string("a\"bc,d"), .string("e")]])
    }

    @Test func insideQuotesAnEscapeBeforeAnOrdinaryCharacterIsKept() async throws {
        #expect(try await rows("\"a\\nb\",c\n") == [[.string("a\\nb"), .string("c")]])
    }

    @Test func aCarriageReturnSplitFromItsLineFeedEndsOneRow() async throws {
        #expect(try await rows("a,b\r\nc,d\r\n\r\ne,f") == [
            [.string("a"), .string("b")], [.string("c"), .string("d")], [.string("e"), .string("f")],
        ])
    }

    @Test func aMultiByteRowDelimiterSplitAcrossChunks() async throws {
        #expect(
            try await rows("a;b##c;d##", ["columnDelimiter": ";", "rowDelimiter": "##"]) == [
                [.string("a"), .string("b")], [.string("c"), .string("d")],
            ])
        // A prefix of the delimiter at the end of the text is part of the value.
        #expect(try await rows("a;b#", ["columnDelimiter": ";", "rowDelimiter": "##"]) == [[.string("a"), .string("b#")]])
    }

    @Test func withoutAQuoteCharacterQuotesAreText() async throws {
        #expect(try await rows("\"a,b\"\n", ["quoteChar": ""]) == [[.string("\"a"), .string("b\"")]])
    }

    @Test func multiByteCharactersSplitAcrossChunksStayWhole() async throws {
        #expect(try await rows("ä,日本,\"é,ü\"\n") == [[.string("ä"), .string("日本"), .string("é,ü")]])
    }

    @Test func invalidUTF8FailsNamingTheFileAndEncoding() async throws {
        let settings = try DelimitedTextSettings(dataset: delimitedDataset([:]), formatSettings: nil, formatSettingsPath: "fs")
        // The byte 0xFF is not UTF-8.
        let utf8 = try TextSource(
            bytes: MemorySource(bytes: [0x61, 0x2C, 0xFF, 0x0A]), file: "bad.csv", encoding: .utf8, compression: .none)
        let tokenizer = DelimitedTextTokenizer(source: utf8, settings: settings)
        var fields: [DelimitedTextTokenizer.Field] = []
        do throws(ActivityFailure) {
            _ = try await tokenizer.next(into: &fields)
            Issue.record("expected a failure")
        } catch {
            #expect(error.message.contains("bad.csv"))
        }
    }

    @Test func theSkippedRowLogKeepsTheRowAsWritten() async throws {
        let (reader, incompatible) = try await csvReader(
            "id,name\n1,\"A,nn\"\n2,\"B\\\"o\",x\n", ["firstRowAsHeader": true], skipping: true, chunkSize: 2)
        #expect(try await allRows(reader) == [[.string("1"), .string("A,nn")]])
        #expect(incompatible.rows.map(\.text) == ["2,\"B\\\"o\",x"])
    }

    @Test func aLongRecordReadsInFewRefills() async throws {
        let long = String(repeating: "x", count: 100_000)
        #expect(try await rows("\(long),y\nz,w\n") == [[.string(long), .string("y")], [.string("z"), .string("w")]])
    }
}

/// The reader's own UTF-8 check agrees with the standard library's on every short sequence.
@Suite(.tags(.small))
struct UTF8ValidationTests {
    @Test func agreesWithTheStandardLibraryOnEveryTwoByteSequenceAndInterestingLongerOnes() {
        var samples: [[UInt8]] = []
        for first in 0...255 {
            samples.append([UInt8(first)])
            for second in stride(from: 0, through: 255, by: 1) { samples.append([UInt8(first), UInt8(second)]) }
        }
        let leads: [UInt8] = [0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5]
        let continuations: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
        for lead in leads {
            for a in continuations {
                for b in continuations {
                    samples.append([lead, a, b])
                    for c in continuations { samples.append([lead, a, b, c]) }
                }
            }
        }
        samples += [Array("plain ascii".utf8), Array("naïve 日本 🙂".utf8), [0x61, 0xF0, 0x9F, 0x99]]
        for sample in samples {
            let ours = sample.withUnsafeBufferPointer { UTF8Validation.string($0) }
            let standard = String(validating: sample, as: UTF8.self)
            #expect(ours == standard, "\(sample)")
        }
    }
}
