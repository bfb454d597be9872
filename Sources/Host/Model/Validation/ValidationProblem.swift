/// One thing wrong with a factory, a pipeline or the values given for a run, with where it was
/// written and what to do about it.
public struct ValidationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The run would not behave as written; `run` refuses to start and `validate` exits 64.
        case error
        /// ADF would treat this differently or reject it when publishing; pipehost runs it anyway.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    /// The closed set of problems the loader and validator report.
    public enum Kind: String, Sendable, Hashable {
        /// A file could not be read or decoded as UTF-8/UTF-16 text.
        case unreadableFile
        /// A file is not valid JSON.
        case invalidJSON
        /// A required property is missing.
        case missingProperty
        /// A property has the wrong JSON type or an unusable value.
        case invalidValue
        /// A resource or activity name breaks ADF's naming rules.
        case invalidName
        /// Two resources of one kind, or two activities of one pipeline, share a name.
        case duplicateName
        /// `dependsOn` names an activity that is not in the same container.
        case unknownActivity
        /// A linked service reference names no linked service.
        case unknownLinkedService
        /// A dataset reference names no dataset.
        case unknownDataset
        /// An ExecutePipeline activity names no pipeline, or the pipeline to run does not exist.
        case unknownPipeline
        /// An ExecuteDataFlow activity's `dataflow.referenceName`, or a data flow's
        /// `flowlet.referenceName`, names no data flow of the factory.
        case unknownDataFlow
        /// A mapping data flow's script (`scriptLines` or `script`) does not parse or its streams
        /// do not connect: ADF refuses to publish it.
        case invalidDataFlowScript
        /// A SetVariable/AppendVariable names an undeclared variable.
        case unknownVariable
        /// The `dependsOn` edges of a container form a cycle.
        case dependencyCycle
        /// A dependency condition is not Succeeded, Failed, Skipped or Completed.
        case unknownDependencyCondition
        /// A parameter without a default value is given no value.
        case missingParameter
        /// A value is given for a parameter the pipeline or linked service does not declare.
        case unknownParameter
        /// A parameter or variable value does not match its declared type.
        case typeMismatch
        /// A policy value is outside the range ADF allows.
        case policyOutOfRange
        /// No built-in control activity or loaded plugin implements the activity type.
        case unknownActivityType
        /// A construct ADF's authoring tools reject or that ADF treats differently.
        case adfCompatibility
        /// An expression that does not compile (syntax, unknown function, wrong argument count):
        /// ADF's engine refuses it too, so every run that reaches it fails.
        case invalidExpression
        /// An activity reaches (directly or through a dataset) a linked service of a type its
        /// plugin says it cannot reach: ADF accepts it, and the activity fails when it runs.
        case unreachableLinkedService
    }

    public var kind: Kind
    public var severity: Severity
    public var location: SourceLocation
    /// What is wrong and how to fix it, as one or two sentences.
    public var message: String
    /// The resource whose file the problem was found in, when the loader knows it; `nil` for
    /// problems of the factory as a whole (and of ARM templates, read as one file).
    public var resource: ResourceKey?

    public init(
        _ kind: Kind, at location: SourceLocation, _ message: String, severity: Severity = .error,
        resource: ResourceKey? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.location = location
        self.message = message
        self.resource = resource
    }

    public var description: String {
        "\(location.file): \(location.jsonPath): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == ValidationProblem {
    /// Whether any problem is an error (warnings do not stop a run).
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Problems in a stable order: by file, then JSON path (array indices in numeric order), then message.
    public func sortedForDisplay() -> [ValidationProblem] {
        sorted { lhs, rhs in
            if lhs.location.file != rhs.location.file { return lhs.location.file < rhs.location.file }
            if lhs.location.jsonPath != rhs.location.jsonPath {
                return naturallyOrdered(lhs.location.jsonPath, rhs.location.jsonPath)
            }
            return lhs.message < rhs.message
        }
    }
}

/// Compares strings with runs of digits compared as numbers, so `[2]` comes before `[10]`.
func naturallyOrdered(_ lhs: String, _ rhs: String) -> Bool {
    var left = Substring(lhs)
    var right = Substring(rhs)
    while let l = left.first, let r = right.first {
        if l.isASCIIDigit, r.isASCIIDigit {
            let leftDigits = left.prefix(while: \.isASCIIDigit)
            let rightDigits = right.prefix(while: \.isASCIIDigit)
            if let a = Int(leftDigits), let b = Int(rightDigits), a != b { return a < b }
            left = left.dropFirst(leftDigits.count)
            right = right.dropFirst(rightDigits.count)
            continue
        }
        if l != r { return l < r }
        left = left.dropFirst()
        right = right.dropFirst()
    }
    return left.isEmpty && !right.isEmpty
}
