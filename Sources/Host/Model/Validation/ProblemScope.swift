/// Loading problems as they concern one pipeline. ADF runs a pipeline whatever is wrong elsewhere in
/// the factory, so `validate --pipeline A` and `run` report problems of resources A does not use as
/// warnings; what A uses (see ``UsedResources``) keeps its errors.
public enum ProblemScope {
    /// `loading` with each problem of a resource that `used` does not contain turned into a warning
    /// that says so. Problems of no known resource (the factory's own files, ARM templates) stay as
    /// they are. An unreadable file whose name is a resource the pipeline uses stays an error and
    /// says that the pipeline needs it.
    public static func limit(_ loading: [ValidationProblem], to used: UsedResources) -> [ValidationProblem] {
        loading.map { problem in
            guard let resource = problem.resource else { return problem }
            var scoped = problem
            if used.contains(resource) {
                if problem.isUnreadableFile {
                    let isRoot = resource.normalized == ResourceKey(.pipeline, used.root).normalized
                    scoped.message += isRoot
                        ? " (this file would define pipeline '\(used.root)', the one asked for)"
                        : " (pipeline '\(used.root)' uses the \(resource), which this file would define)"
                }
            } else {
                scoped.severity = .warning
                scoped.message += " (not used by pipeline '\(used.root)')"
            }
            return scoped
        }
    }

    /// `problems` with each reference to a missing resource naming the unreadable files of its kind
    /// in `loading`: the one whose file name is the missing name, or else all of them, since one may
    /// define it under another name.
    public static func explainMissing(_ problems: [ValidationProblem], loading: [ValidationProblem]) -> [ValidationProblem] {
        let unreadable = loading.filter(\.isUnreadableFile)
        guard !unreadable.isEmpty else { return problems }
        return problems.map { problem in
            guard problem.isMissingReference, let missing = problem.resource else { return problem }
            let sameKind = unreadable.filter { $0.resource?.kind == missing.kind }
            var explained = problem
            if let file = sameKind.first(where: { $0.resource?.normalized == missing.normalized }) {
                explained.message += "; \(file.location.file) would define it, but it cannot be read: fix that file"
            } else if !sameKind.isEmpty {
                let files = sameKind.map(\.location.file).joined(separator: ", ")
                explained.message += "; \(files) cannot be read: if one of them defines it, fix that file"
            }
            return explained
        }
    }
}

extension ValidationProblem {
    /// Whether the problem is a file that could not be read as JSON, so its resource is unknown.
    var isUnreadableFile: Bool { kind == .unreadableFile || kind == .invalidJSON }

    /// Whether the problem is a reference to a pipeline, dataset, linked service or data flow that does not exist.
    var isMissingReference: Bool {
        kind == .unknownPipeline || kind == .unknownDataset || kind == .unknownLinkedService || kind == .unknownDataFlow
    }
}
