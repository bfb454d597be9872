import ArgumentParser
import PipelineModel
import RunPictures

/// `pipehost graph FILE-OR-FOLDER [--pipeline NAME] -o dag.svg|dag.html`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a pipeline's dependency graph with its edge conditions (SVG or HTML).")

    @Argument(help: ArgumentHelp("A pipeline JSON file, an ARM template, or an ADF git-integration folder.", valueName: "file-or-folder"))
    var source: String

    @Option(name: .customLong("pipeline"), help: "The pipeline to draw (needed when the source holds several).")
    var pipeline: String?

    @Option(name: .short, help: ArgumentHelp("The file to write: .svg or .html.", valueName: "file"))
    var output: String

    @OptionGroup(title: "ARM template parameters") var template: TemplateParameterOptions

    func run() throws {
        do {
            let format = try PictureFile.format(of: output)
            let source = try FactorySource(path: self.source, pipeline: pipeline, options: template.loadOptions)
            let name = try source.requirePipeline()
            guard let found = source.factory.pipeline(named: name) else {
                throw CommandFailure("no pipeline '\(name)' in '\(self.source)'")
            }
            let picture = DependencyGraphPicture(pipeline: found)
            try PictureFile.write(format == .svg ? picture.svg() : picture.html(), to: output)
            StandardStreams.output.write("Wrote \(output) (\(found.activities.count) activities)\n")
        } catch {
            throw error.exit()
        }
    }
}
