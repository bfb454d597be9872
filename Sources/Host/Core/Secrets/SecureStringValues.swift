import PipehostJSON
import PipelineModel

/// The values of `{"type": "SecureString", "value": …}` objects written anywhere in a factory: in
/// linked services and datasets, and also inside an activity's own typeProperties (a Custom
/// activity's `extendedProperties`, a header of a Web activity). Each is registered with the run's
/// redactor before anything runs, so that no record, log line or output can repeat it; the plugin
/// still receives the object with its value in clear, as ADF hands it over.
enum SecureStringValues {
    /// Registers every SecureString value written in the factory.
    static func register(in factory: Factory, with redactor: SecretRedactor) {
        var roots: [JSONValue] = []
        for pipeline in factory.pipelines {
            for activity in pipeline.activities {
                // Nested activities are written inside their control activity's typeProperties.
                roots.append(activity.typeProperties)
                for property in activity.userProperties { roots.append(property.value) }
            }
        }
        for service in factory.linkedServices { roots.append(service.typeProperties) }
        for dataset in factory.datasets { roots.append(dataset.typeProperties) }
        roots.append(.object(factory.globalParameters))
        for root in roots { register(in: root, with: redactor) }
    }

    /// Registers every SecureString value inside `value`, walking it with an explicit stack.
    static func register(in value: JSONValue, with redactor: SecretRedactor) {
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .object(let object):
                if let secret = object.secureStringValue {
                    redactor.register(secret)
                } else {
                    for member in object.members { pending.append(member.value) }
                }
            case .array(let elements):
                pending.append(contentsOf: elements)
            default:
                continue
            }
        }
    }
}
