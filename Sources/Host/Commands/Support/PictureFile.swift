import Foundation

/// Writes a picture to the file `-o` names, choosing SVG or HTML by its extension.
enum PictureFile {
    enum Format { case svg, html }

    static func format(of path: String) throws(CommandFailure) -> Format {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "svg": return .svg
        case "html", "htm": return .html
        default: throw CommandFailure("-o '\(path)': name a .svg or .html file (the extension chooses the format)")
        }
    }

    static func write(_ text: String, to path: String) throws(CommandFailure) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure("cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
