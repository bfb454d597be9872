import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightStreaming` running real Hadoop Streaming jobs on Spark (local mode): programs shipped
    /// from the storage, splits, combiner, partitioning into reducers, key order, part files.
    @Suite("HDInsightStreaming on real Spark", .tags(.large), .serialized)
    struct HDInsightStreamingTests {
        static let mapper = """
            import sys
            for line in sys.stdin:
                for word in line.split():
                    print(word.strip(".,").lower() + "\\t1")
            """

        /// Sums each key's run of values and marks the sum "c:" so the reducer can tell it ran.
        static let combiner = """
            import sys
            current, total = None, 0
            for line in sys.stdin:
                key, value = line.rstrip("\\n").split("\\t", 1)
                if key != current:
                    if current is not None:
                        print(f"{current}\\tc:{total}")
                    current, total = key, 0
                total += int(value)
            if current is not None:
                print(f"{current}\\tc:{total}")
            """

        /// Sums combined counts; prints how many values it got and whether all came from the combiner.
        static let reducer = """
            import sys
            current, total, values, combined = None, 0, 0, True
            def emit():
                print(f"{current}\\t{total}\\t{values}\\t{'combined' if combined else 'raw'}")
            for line in sys.stdin:
                key, value = line.rstrip("\\n").split("\\t", 1)
                if key != current:
                    if current is not None:
                        emit()
                    current, total, values, combined = key, 0, 0, True
                combined = combined and value.startswith("c:")
                total += int(value.removeprefix("c:"))
                values += 1
            if current is not None:
                emit()
            """

        var storageReference: JSONValue { ["referenceName": .string(SparkTestBed.storageName), "type": "LinkedServiceReference"] }

        @Test("a word count with a Python mapper, a combiner and two reducers writes two sorted part files with the right counts")
        func wordCountWithCombinerAndTwoReducers() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(Self.mapper, to: "apps/wordcount/mapper.py")
                try bed.write(Self.combiner, to: "apps/wordcount/combiner.py")
                try bed.write(Self.reducer, to: "apps/wordcount/reducer.py")
                var expected: [String: Int] = [:]
                let words = ["apple", "Banana", "cherry", "date", "elder", "fig", "grape", "apple", "cherry", "apple"]
                var first = "", second = ""
                for line in 0..<120 {
                    let text = (0..<(line % 7 + 1)).map { words[(line * 3 + $0) % words.count] }.joined(separator: " ")
                    if line % 2 == 0 { first += text + "\n" } else { second += text + "\r\n" }
                    for word in text.split(separator: " ") { expected[word.lowercased(), default: 0] += 1 }
                }
                try bed.write(first, to: "data/words/part-a.txt")
                try bed.write(String(second.dropLast()), to: "data/words/part-b.txt")  // no final "\r\n" (one Character)
                try bed.write("hidden hidden\n", to: "data/words/_SUCCESS")
                try bed.write("hidden hidden\n", to: "data/words/.crc")
                let run = await bed.run(bed.invocation("HDInsightStreaming", [
                    "mapper": "python3 mapper.py", "combiner": "python3 combiner.py", "reducer": "python3 reducer.py",
                    "input": "data/words", "output": "data/counts",
                    "filePaths": ["apps/wordcount/mapper.py", "apps/wordcount/combiner.py", "apps/wordcount/reducer.py"],
                    "fileLinkedService": storageReference,
                    "defines": ["mapreduce.job.reduces": "2", "mapreduce.job.maps": 6],
                ]))
                let output = try run.requireSucceeded()
                #expect(output["applicationId"]?.stringValue?.hasPrefix("local-") == true)
                let files = try FileManager.default.contentsOfDirectory(atPath: bed.storageRoot + "/data/counts").sorted()
                #expect(files == ["_SUCCESS", "part-00000", "part-00001"])
                var seen: [String: Int] = [:]
                for part in ["part-00000", "part-00001"] {
                    let rows = try bed.read("data/counts/" + part).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                    let keys = rows.map { $0[0] }
                    #expect(keys == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "\(part): \(keys)")
                    #expect(!keys.isEmpty, "\(part) is empty: the keys should spread over both reducers")
                    for row in rows {
                        #expect(seen[row[0]] == nil, "\(row[0]) is in two part files")
                        seen[row[0]] = Int(row[1])
                        #expect(row[3] == "combined", "\(row): the reducer got a value the combiner did not write")
                        #expect(Int(row[2])! < Int(row[1])!, "\(row): the combiner did not sum the map output")
                    }
                }
                #expect(seen == expected)
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("a reduce task whose input outgrows its memory merges its runs from files, two at a time, and loses none")
        func reduceMergesFromFiles() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(Self.mapper, to: "apps/wordcount/mapper.py")
                try bed.write(Self.reducer, to: "apps/wordcount/reducer.py")
                // About 5 MB of map output over 6 map tasks with 1 MB sort buffers: a run of about
                // 1 MB from each for the one reducer, which holds 2 MB (4 MB × 0.5) in memory, then
                // writes the held runs and the rest to files and merges them two at a time.
                var expected: [String: Int] = [:]
                var text = ""
                for line in 0..<50_000 {
                    let words = (0..<8).map { "w\((line &* 7919 &+ $0 &* 104_729) % 4_999)" }
                    text += words.joined(separator: " ") + "\n"
                    for word in words { expected[word, default: 0] += 1 }
                }
                try bed.write(text, to: "data/big/words.txt")
                let run = await bed.run(bed.invocation("HDInsightStreaming", [
                    "mapper": "python3 mapper.py", "reducer": "python3 reducer.py",
                    "input": "data/big", "output": "data/big-counts",
                    "filePaths": ["apps/wordcount/mapper.py", "apps/wordcount/reducer.py"],
                    "fileLinkedService": storageReference,
                    "defines": [
                        "mapreduce.job.maps": 6, "mapreduce.task.io.sort.mb": 1, "mapreduce.task.io.sort.factor": 2,
                        "mapreduce.reduce.memory.totalbytes": 4_194_304, "mapreduce.reduce.shuffle.input.buffer.percent": "0.5",
                    ],
                ]))
                let output = try run.requireSucceeded()
                let rows = try bed.read("data/big-counts/part-00000").split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                let keys = rows.map { $0[0] }
                #expect(keys == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
                var seen: [String: Int] = [:]
                for row in rows {
                    #expect(seen[row[0]] == nil, "\(row[0]) reached the reducer in two groups: the merge lost key order")
                    seen[row[0]] = Int(row[1])
                    #expect(row[1] == row[2], "\(row): without a combiner every value is a 1")
                }
                #expect(seen == expected)
                let log = try String(contentsOfFile: try #require(output["logLocation"]?.stringValue), encoding: .utf8)
                let merge = try #require(log.split(separator: "\n").first { $0.contains("reduce task 0 merges") }, "\(log.suffix(3000))")
                #expect(merge.contains("from files, 2 at a time"), "\(merge)")
                // More than one run held in memory first: the case that once wrote them all to one file.
                let held = merge.split(separator: "(").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
                #expect(held >= 2, "\(merge)")
            }
        }

        @Test("a shell mapper and an awk reducer get commandEnvironment, -cmdenv and defines in their environment")
        func shellProgramsWithEnvironment() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(
                    "#!/bin/sh\nwhile IFS=, read region amount; do printf '%s%s\\t%s\\n' \"$PREFIX\" \"$region\" \"$amount\"; done\n",
                    to: "apps/sales/mapper.sh")
                try bed.write("north,5\nsouth,7\nnorth,11\neast,1\nsouth,2\nnorth,1\n", to: "data/sales.csv")
                let reducer = #"awk -F '\t' 'k != $1 { if (NR > 1) print k "\t" s " " ENVIRON["UNIT"] " " ENVIRON["pipehost_sales_label"]; k = $1; s = 0 } { s += $2 } END { if (NR) print k "\t" s " " ENVIRON["UNIT"] " " ENVIRON["pipehost_sales_label"] }'"#
                let run = await bed.run(bed.invocation("HDInsightStreaming", [
                    "mapper": "mapper.sh", "reducer": .string(reducer),
                    "input": "data/sales.csv", "output": "data/totals", "filePaths": ["apps/sales/mapper.sh"],
                    "commandEnvironment": ["PREFIX=region-"], "arguments": ["-cmdenv", "UNIT=EUR", "-D", "pipehost.sales.label=q1"],
                ]))
                _ = try run.requireSucceeded()
                #expect(try bed.read("data/totals/part-00000") == "region-east\t1 EUR q1\nregion-north\t17 EUR q1\nregion-south\t9 EUR q1\n")
                #expect(bed.exists("data/totals/_SUCCESS"))
            }
        }

        @Test("with no reducers each map task writes its mapper's output as a part file, tab-less lines keyed as Hadoop does")
        func mapOnly() async throws {
            try await SparkTestBed.with { bed in
                let lines = (1...40).map { $0 % 3 == 0 ? "row \($0)\thas a value" : "row \($0)" }
                try bed.write(lines.joined(separator: "\n") + "\n", to: "data/rows.txt")
                let run = await bed.run(bed.invocation("HDInsightStreaming", [
                    "mapper": "cat", "reducer": "cat", "input": "data/rows.txt", "output": "data/copied", "filePaths": [],
                    "defines": ["mapreduce.job.reduces": 0],
                ]))
                _ = try run.requireSucceeded()
                let files = try FileManager.default.contentsOfDirectory(atPath: bed.storageRoot + "/data/copied").sorted()
                #expect(files == ["_SUCCESS", "part-00000", "part-00001"])  // two splits on local[2]
                let written = try bed.read("data/copied/part-00000") + bed.read("data/copied/part-00001")
                #expect(written == lines.map { $0.contains("\t") ? $0 : $0 + "\t" }.joined(separator: "\n") + "\n")
            }
        }

        @Test("a reducer that exits non-zero fails the activity with 2302, its name and stderr; an existing output folder is refused")
        func failingReducerAndExistingOutput() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(
                    "import sys\nfor line in sys.stdin:\n    pass\nprint('checking totals', file=sys.stderr)\nraise ValueError('bad record 7')\n",
                    to: "apps/broken/reducer.py")
                try bed.write("a b\nc\n", to: "data/in.txt")
                let properties: JSONObject = [
                    "mapper": "cat", "reducer": "python3 reducer.py", "input": "data/in.txt", "output": "data/out",
                    "filePaths": ["apps/broken/reducer.py"], "getDebugInfo": "Failure",
                ]
                let run = await bed.run(bed.invocation("HDInsightStreaming", properties))
                let error = try run.requireFailed(code: "2302", messageContains: "reducer 'python3 reducer.py' of reduce task 0 exited with code 1")
                #expect(error.message.contains("checking totals"), "\(error.message)")
                #expect(error.message.contains("ValueError: bad record 7"), "\(error.message)")
                #expect(!bed.exists("data/out"), "a failed job leaves no output folder")
                #expect(bed.jobProcesses().isEmpty)

                try bed.write("earlier\n", to: "data/out/part-00000")
                let again = await bed.run(bed.invocation("HDInsightStreaming", properties))
                try again.requireFailed(code: "2302", messageContains: "FileAlreadyExistsException: Output directory 'data/out'")
                #expect(try bed.read("data/out/part-00000") == "earlier\n")
            }
        }

        @Test("missing or malformed properties fail with ADF's codes naming the property")
        func invalidInput() async throws {
            try await SparkTestBed.with { bed in
                let valid: JSONObject = ["mapper": "cat", "reducer": "cat", "input": "in", "output": "out", "filePaths": []]
                func failure(_ change: (inout JSONObject) -> Void) async -> PluginTestRun {
                    var properties = valid
                    change(&properties)
                    return await bed.run(bed.invocation("HDInsightStreaming", properties))
                }
                try await failure { $0["filePaths"] = nil }.requireFailed(code: "2103", messageContains: "typeProperties.filePaths")
                try await failure { $0["mapper"] = nil }.requireFailed(code: "2103", messageContains: "typeProperties.mapper")
                try await failure { $0["defines"] = ["mapreduce.job.reduces": "two"] }
                    .requireFailed(code: "2105", messageContains: "typeProperties.defines.mapreduce.job.reduces")
                try await failure { $0["defines"] = ["mapred.reduce.tasks": 20000] }
                    .requireFailed(code: "2105", messageContains: "outside 0…10000")
                try await failure { $0["defines"] = ["mapreduce.task.io.sort.factor": 1] }
                    .requireFailed(code: "2105", messageContains: "'typeProperties.defines.mapreduce.task.io.sort.factor': 1 is outside 2…10000")
                try await failure { $0["defines"] = ["mapreduce.reduce.shuffle.input.buffer.percent": "70"] }
                    .requireFailed(code: "2105", messageContains: "expected a fraction above 0 and at most 1 (such as 0.70), found '70'")
                try await failure { $0["arguments"] = ["-inputformat", "SequenceFileInputFormat"] }
                    .requireFailed(code: "2105", messageContains: "typeProperties.arguments[0]")
                try await failure { $0["commandEnvironment"] = ["PATH_ONLY"] }
                    .requireFailed(code: "2105", messageContains: "typeProperties.commandEnvironment[0]")
                try await failure { $0["input"] = "nowhere" }.requireFailed(code: "2302", messageContains: "Input path does not exist")
            }
        }
    }
}
