import PipehostJSON

/// What one ARM template held.
struct ARMTemplateContents {
    var factory: Factory
    /// Every resource type met (children's full types), with how often, for messages.
    var resourceTypes: [String: Int] = [:]
    /// How many resources were pipelines (decoded or not).
    var pipelineResources = 0
    /// Templates that deployments link (`templateLink`), e.g. `ArmTemplate_0.json` of ADF's linked-template export.
    var linkedTemplates: [ARMLinkedTemplate] = []
    /// The parameters the template declares.
    var declaredParameters: [String] = []
}

/// Reads a factory from an ARM template: ADF's export (`ARMTemplateForFactory.json`,
/// `Microsoft.DataFactory/factories/…` resources) or a Synapse workspace's
/// (`Microsoft.Synapse/workspaces/…`). Resources may be nested as children (`resources` inside a
/// resource) or in inline nested deployments, to any depth: they are walked with a queue, not by
/// recursion. Expressions are evaluated by ``ARMTemplateContext``.
enum ARMTemplateReader {
    /// The resource types that hold pipelines, linked services and datasets.
    static let containerTypes = ["microsoft.datafactory/factories", "microsoft.synapse/workspaces"]
    static let deploymentType = "microsoft.resources/deployments"

    /// Whether `value` looks like an ARM deployment template.
    static func isTemplate(_ value: JSONValue) -> Bool {
        guard let resources = value[caseInsensitive: "resources"]?.arrayValue else { return false }
        if let schema = value["$schema"]?.stringValue, schema.lowercased().contains("deploymenttemplate") { return true }
        return resources.contains { resource in
            let type = (resource[caseInsensitive: "type"]?.stringValue ?? "").lowercased()
            return containerTypes.contains { type.hasPrefix($0) } || type == deploymentType
        }
    }

    /// A resource waiting to be read, with what it inherits from where it was found.
    private struct Pending {
        let value: JSONValue
        let location: SourceLocation
        /// The full type of the resource holding it in its `resources`, if any.
        let parentType: String?
        let context: ARMTemplateContext
    }

    static func read(
        _ template: JSONValue, file: String, given: [ARMTemplateParameterValues.Given], problems: inout [ValidationProblem]
    ) throws(FactoryLoadError) -> ARMTemplateContents {
        let declarations = template[caseInsensitive: "parameters"]?.objectValue ?? [:]
        let supplied = try ARMTemplateParameterValues.bind(given, to: declarations)
        let context = ARMTemplateContext(template: template, supplied: supplied)
        var contents = ARMTemplateContents(factory: Factory(name: "factory"))
        contents.declaredParameters = declarations.members.map(\.key)
        var report = ARMEvaluationReport()
        if let name = factoryName(context) { contents.factory.name = name }

        var queue: [Pending] = []
        var head = 0
        func enqueue(_ resources: JSONValue?, at location: SourceLocation, parentType: String?, context: ARMTemplateContext) {
            for (index, resource) in (resources?.arrayValue ?? []).enumerated() {
                queue.append(Pending(value: resource, location: location.element(index), parentType: parentType, context: context))
            }
        }
        enqueue(template[caseInsensitive: "resources"], at: SourceLocation(file: file).member("resources"), parentType: nil, context: context)

        while head < queue.count {
            let item = queue[head]
            queue[head] = Pending(value: .null, location: item.location, parentType: nil, context: item.context)  // release memory
            head += 1
            guard let written = item.value[caseInsensitive: "type"]?.stringValue else { continue }
            let type = fullType(written, parent: item.parentType)
            contents.resourceTypes[type, default: 0] += 1
            if item.value[caseInsensitive: "copy"] != nil {
                problems.append(ValidationProblem(
                    .adfCompatibility, at: item.location.member("copy"),
                    "pipehost does not expand ARM copy loops: the copies of this \(written) resource are not loaded",
                    severity: .warning))
                continue
            }
            enqueue(item.value[caseInsensitive: "resources"], at: item.location.member("resources"), parentType: type, context: item.context)
            if type.lowercased() == deploymentType {
                readDeployment(item, into: &contents, enqueue: enqueue, report: &report, problems: &problems)
                continue
            }
            readResource(item, type: type, into: &contents, report: &report, problems: &problems)
        }
        problems += report.problems()
        return contents
    }

    /// The full type of a resource: a child may write only its last segment (`pipelines` inside
    /// a `Microsoft.DataFactory/factories` resource).
    static func fullType(_ written: String, parent: String?) -> String {
        guard let parent, !(written.split(separator: "/").first?.contains(".") ?? false) else { return written }
        return "\(parent)/\(written)"
    }

    private static func factoryName(_ context: ARMTemplateContext) -> String? {
        for name in ["factoryName", "workspaceName"] where context.parameterDeclarations.member(caseInsensitive: name) != nil {
            if case .string(let value)? = try? context.parameter(name) { return value }
        }
        return nil
    }

    private static func readResource(
        _ item: Pending, type: String, into contents: inout ARMTemplateContents, report: inout ARMEvaluationReport,
        problems: inout [ValidationProblem]
    ) {
        let lowered = type.lowercased()
        guard let container = containerTypes.first(where: { lowered == $0 || lowered.hasPrefix($0 + "/") }) else { return }
        let kind = String(lowered.dropFirst(container.count))
        if kind == "/pipelines" { contents.pipelineResources += 1 }
        guard ["", "/pipelines", "/linkedservices", "/datasets", "/dataflows", "/globalparameters", "/notebooks", "/sparkjobdefinitions"]
            .contains(kind)
        else { return }  // triggers, integration runtimes, …: not needed to run a pipeline
        let properties = evaluate(
            item.value[caseInsensitive: "properties"] ?? .object([:]), at: item.location.member("properties"),
            context: item.context, report: &report)
        if kind.isEmpty || kind == "/globalparameters" {
            let declarations = kind.isEmpty ? properties[caseInsensitive: "globalParameters"]?.objectValue : properties.objectValue
            guard let declarations else { return }
            for (name, declaration) in declarations {
                contents.factory.globalParameters[name] = declaration[caseInsensitive: "value"] ?? .null
            }
            contents.factory.globalParametersLocation = item.location
            return
        }
        guard let name = shortName(item, problems: &problems) else { return }
        let resource: JSONValue = ["name": .string(name), "properties": properties]
        let location = item.location
        // Problems found in this resource belong to it, so that validating one pipeline judges
        // only what that pipeline uses (ProblemScope), as for the files of a git folder.
        let start = problems.count
        defer {
            let owner: ResourceKey.Kind =
                switch kind {
                case "/pipelines": .pipeline
                case "/linkedservices": .linkedService
                case "/datasets": .dataset
                case "/dataflows": .dataFlow
                case "/notebooks": .notebook
                default: .sparkJobDefinition
                }
            for index in problems.indices.dropFirst(start) where problems[index].resource == nil {
                problems[index].resource = ResourceKey(owner, name)
            }
        }
        switch kind {
        case "/pipelines":
            if let pipeline = ResourceDecoding.pipeline(resource, at: location, problems: &problems) {
                contents.factory.add(pipeline, reportingDuplicatesIn: &problems)
            }
        case "/linkedservices":
            if let service = ResourceDecoding.linkedService(resource, at: location, problems: &problems),
                let existing = contents.factory.add(service)
            {
                problems.append(Factory.duplicate("linked service", service.name, service.location, existing.location))
            }
        case "/datasets":
            if let dataset = ResourceDecoding.dataset(resource, at: location, problems: &problems),
                let existing = contents.factory.add(dataset)
            {
                problems.append(Factory.duplicate("dataset", dataset.name, dataset.location, existing.location))
            }
        case "/dataflows":
            if let dataFlow = ResourceDecoding.dataFlow(resource, at: location, problems: &problems),
                let existing = contents.factory.add(dataFlow)
            {
                problems.append(Factory.duplicate("data flow", dataFlow.name, dataFlow.location, existing.location))
            }
        default:
            let rawKind: RawResource.Kind = kind == "/notebooks" ? .notebook : .sparkJobDefinition
            if let raw = ResourceDecoding.rawResource(rawKind, resource, at: location, problems: &problems),
                let existing = contents.factory.add(raw)
            {
                problems.append(Factory.duplicate(rawKind.rawValue, raw.name, raw.location, existing.location))
            }
        }
    }

    /// A nested deployment: an inline template's resources join the queue (evaluated in the outer
    /// template's scope unless `expressionEvaluationOptions.scope` is `inner`); a linked template
    /// is named in a warning, as pipehost downloads nothing.
    private static func readDeployment(
        _ item: Pending, into contents: inout ARMTemplateContents,
        enqueue: (JSONValue?, SourceLocation, String?, ARMTemplateContext) -> Void,
        report: inout ARMEvaluationReport, problems: inout [ValidationProblem]
    ) {
        let properties = item.value[caseInsensitive: "properties"]
        let location = item.location.member("properties")
        if let inner = properties?[caseInsensitive: "template"], inner.objectValue != nil {
            var context = item.context
            let scope = properties?[caseInsensitive: "expressionEvaluationOptions"]?[caseInsensitive: "scope"]?.stringValue
            if scope?.lowercased() == "inner" {
                var given: [ARMTemplateParameterValues.Given] = []
                for member in properties?[caseInsensitive: "parameters"]?.objectValue ?? [:] {
                    guard let written = member.value[caseInsensitive: "value"],
                        let value = try? item.context.evaluate(written)
                    else { continue }
                    given.append(.init(name: member.key, content: .json(value), option: "the deployment's parameters"))
                }
                let declarations = inner[caseInsensitive: "parameters"]?.objectValue ?? [:]
                let supplied = (try? ARMTemplateParameterValues.bind(given, to: declarations)) ?? ARMTemplateParameterValues()
                context = ARMTemplateContext(template: inner, supplied: supplied)
            }
            enqueue(inner[caseInsensitive: "resources"], location.member("template").member("resources"), nil, context)
            return
        }
        guard let link = properties?[caseInsensitive: "templateLink"] else { return }
        let uri = link[caseInsensitive: "uri"] ?? link[caseInsensitive: "relativePath"] ?? .string("")
        contents.linkedTemplates.append(ARMLinkedTemplate(
            file: linkedFileName(uri, context: item.context), uri: ARMValues.text(uri), location: location.member("templateLink")))
    }

    /// The file name at the end of a linked template's URI, from its literal parts
    /// (`[concat(parameters('containerUri'), '/ArmTemplate_0.json', parameters('containerSasToken'))]`).
    private static func linkedFileName(_ uri: JSONValue, context: ARMTemplateContext) -> String? {
        guard case .string(let written) = uri else { return nil }
        var text = written
        if case .expression(let source) = ARMExpression.classify(written) {
            context.usesPlaceholders = true
            defer { context.usesPlaceholders = false }
            guard case .string(let value)? = try? context.value(of: ARMExpressionParser.parse(source)) else { return nil }
            text = value
        }
        let path = text.split(separator: "?").first.map(String.init) ?? text
        let last = path.split(separator: "/").last.map(String.init) ?? path
        let literal = last.split(separator: "\u{0}", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 0 }.map(\.element).joined()
        return literal.isEmpty ? nil : literal
    }

    /// The resource's own name: the part after the last `/` of its evaluated `name`. When a
    /// parameter without a value is part of the name, the literal parts still name the resource
    /// (`[concat(parameters('factoryName'), '/load')]` is `load`), silently: the factory's name
    /// is not needed to run.
    private static func shortName(_ item: Pending, problems: inout [ValidationProblem]) -> String? {
        let location = item.location.member("name")
        guard case .string(let written)? = item.value[caseInsensitive: "name"] else {
            problems.append(ValidationProblem(.missingProperty, at: location, "the resource has no name (a string)"))
            return nil
        }
        let full: String
        switch ARMExpression.classify(written) {
        case .literal(let literal):
            full = literal
        case .expression(let source):
            do throws(ARMExpressionError) {
                guard case .string(let value) = try item.context.value(of: ARMExpressionParser.parse(source)) else {
                    problems.append(ValidationProblem(.invalidValue, at: location, "the name \(written) does not evaluate to a string"))
                    return nil
                }
                full = value
            } catch let error where error.missingParameter != nil {
                item.context.usesPlaceholders = true
                defer { item.context.usesPlaceholders = false }
                guard case .string(let value)? = try? item.context.value(of: ARMExpressionParser.parse(source)) else {
                    problems.append(ValidationProblem(.invalidValue, at: location, "the name \(written) cannot be evaluated: \(error)"))
                    return nil
                }
                let last = String(value.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
                if let parameter = ARMTemplateContext.placeholderParameter(in: last) {
                    let cause: ARMExpressionError = .parameterWithoutValue(name: parameter)
                    problems.append(ValidationProblem(
                        .invalidValue, at: location, "the resource's own name \(written) cannot be evaluated: \(cause)"))
                    return nil
                }
                full = last
            } catch {
                problems.append(ValidationProblem(.invalidValue, at: location, "the name \(written) cannot be evaluated: \(error)"))
                return nil
            }
        }
        let name = String(full.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        guard !name.isEmpty else {
            problems.append(ValidationProblem(.invalidName, at: location, "the name \(written) evaluates to '\(full)', which ends without a name"))
            return nil
        }
        return name
    }

    /// `value` with every expression string evaluated; one that cannot be is kept as written and reported.
    private static func evaluate(
        _ value: JSONValue, at location: SourceLocation, context: ARMTemplateContext, report: inout ARMEvaluationReport
    ) -> JSONValue {
        switch value {
        case .string(let text):
            switch ARMExpression.classify(text) {
            case .literal(let literal):
                return .string(literal)
            case .expression(let source):
                do throws(ARMExpressionError) {
                    return try context.value(of: ARMExpressionParser.parse(source))
                } catch {
                    report.record(error, expression: text, at: location)
                    return value
                }
            }
        case .array(let elements):
            return .array(elements.enumerated().map { evaluate($1, at: location.element($0), context: context, report: &report) })
        case .object(let object):
            var members: [(key: String, value: JSONValue)] = []
            for member in object {
                members.append((member.key, evaluate(member.value, at: location.member(member.key), context: context, report: &report)))
            }
            return .object(JSONObject(uniqueMembers: members))
        default:
            return value
        }
    }
}

/// Expressions that could not be evaluated while reading a template: one warning per missing
/// parameter (where it is first needed, with how often), one per other failure.
struct ARMEvaluationReport {
    private var missing: [(name: String, error: ARMExpressionError, location: SourceLocation, uses: Int)] = []
    private var others: [ValidationProblem] = []

    mutating func record(_ error: ARMExpressionError, expression: String, at location: SourceLocation) {
        if let name = error.missingParameter {
            if let index = missing.firstIndex(where: { $0.name == name }) {
                missing[index].uses += 1
            } else {
                missing.append((name, error, location, 1))
            }
            return
        }
        others.append(ValidationProblem(
            .invalidValue, at: location, "the ARM expression \(expression) cannot be evaluated, so it is kept as text: \(error)",
            severity: .warning))
    }

    func problems() -> [ValidationProblem] {
        missing.map { entry in
            let elsewhere = entry.uses > 1 ? " (\(entry.uses - 1) more value\(entry.uses == 2 ? "" : "s") use it too)" : ""
            return ValidationProblem(
                .missingParameter, at: entry.location,
                "\(entry.error); the values that use it are kept as expression text\(elsewhere)", severity: .warning)
        } + others
    }
}

/// A deployment that links a template by URI, which pipehost does not download.
struct ARMLinkedTemplate {
    /// The file name at the end of the URI, when its literal parts name one.
    let file: String?
    let uri: String
    let location: SourceLocation

    var warning: ValidationProblem {
        ValidationProblem(
            .adfCompatibility, at: location,
            "this deployment links the template \(file.map { "'\($0)'" } ?? "at \(uri)"), which pipehost does not download: "
                + "load \(file ?? "that file") itself, or the folder holding it (ADF's linked-template export keeps it beside this master template)",
            severity: .warning)
    }
}
