import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// The Gantt pictures opened in a real headless browser (Debian's `chromium-headless-shell`, which
/// `scripts/install-system-packages --for-tests` installs): the page loads with no error and its
/// rendered document holds one bar per recorded activity run.
@Suite("Gantt pictures in a headless browser", .tags(.large), .enabled(if: HeadlessBrowser.path != nil, "needs chromium-headless-shell (scripts/install-system-packages --for-tests)"))
struct GanttBrowserTests {
    typealias P = PipehostProcess
    typealias S = RunHistoryScenario

    @Test("the HTML and SVG Gantt of a run with a ForEach and a failure load cleanly and show one bar per activity run")
    func oneBarPerRun() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let activities: [JSONValue] = [
            scenario.logging("A"),
            S.activity("Loop", type: "ForEach", dependsOn: ["A"], typeProperties: [
                "items": "@createArray(1, 2, 3)", "activities": [scenario.logging("Item", label: "Item@{item()}")],
            ]),
            scenario.logging("Broken", dependsOn: ["A"], then: "exit 3"),
            scenario.logging("AfterBroken", dependsOn: ["Broken"]),
        ]
        let pipeline: JSONValue = ["name": "history", "properties": ["activities": .array(activities)]]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let run = try P.run(["run", scenario.pipelineFile, "--store", scenario.store])
        #expect(run.status == 1, "Broken fails the run: \(run.everything)")
        let id = try #require(S.runId(in: run.error))

        let shown = try P.run(["runs", "show", id, "--output", "json", "--store", scenario.store])
        let recorded = try #require(try shown.json()["activityRuns"]?.arrayValue)
        // A, Loop, three items, Broken, and AfterBroken, recorded Skipped as ADF's monitor shows it.
        #expect(recorded.count == 7)
        #expect(recorded.contains { $0["activityName"] == "AfterBroken" && $0["status"] == "Skipped" })

        for name in ["run.html", "run.svg"] {
            let file = scenario.folder.appendingPathComponent(name).path
            #expect(try P.run(["runs", "gantt", id, "-o", file, "--store", scenario.store]).status == 0)
            let page = try HeadlessBrowser.load(file)
            #expect(page.status == 0, "\(name): the browser failed: \(page.log)")
            #expect(!page.log.contains("CONSOLE") && !page.log.contains("Failed to load"), "\(name): \(page.log)")
            #expect(page.document.contains("<svg"), "\(name) rendered no SVG")
            let bars = page.document.components(separatedBy: "class=\"bar\"").count - 1
            #expect(bars == recorded.count, "\(name): \(bars) bars for \(recorded.count) activity runs")
            #expect(page.document.contains("data-status=\"Failed\""))
        }
    }
}

/// Chromium's headless shell, run on one file: the document after load and what it logged.
enum HeadlessBrowser {
    static let path: String? = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Page {
        var status: Int32
        var document: String
        var log: String
    }

    static func load(_ file: String) throws -> Page {
        let browser = try #require(path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--enable-logging=stderr",
            "--v=0", "--dump-dom", URL(fileURLWithPath: file).absoluteString,
        ]
        // Standard error to a file, standard output (the document) read to its end: nothing can
        // fill up and block the browser.
        let log = profile.appendingPathExtension("log")
        defer { try? FileManager.default.removeItem(at: log) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let document = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Page(
            status: process.terminationStatus, document: String(decoding: document, as: UTF8.self),
            log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
