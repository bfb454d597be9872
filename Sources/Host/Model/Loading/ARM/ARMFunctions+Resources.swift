import PipehostJSON

extension ARMFunctions {
    /// The subscription, resource group and tenant a local load pretends to deploy into: fixed,
    /// documented placeholders (docs/factory-sources.md), so that ids built from them are stable.
    enum Placeholder {
        static let subscriptionId = "00000000-0000-0000-0000-000000000000"
        static let tenantId = "00000000-0000-0000-0000-000000000000"
        static let resourceGroupName = "pipehost-local"
        static let location = "local"

        static var subscription: JSONValue {
            [
                "id": .string("/subscriptions/\(subscriptionId)"), "subscriptionId": .string(subscriptionId),
                "tenantId": .string(tenantId), "displayName": "pipehost-local",
            ]
        }

        static var resourceGroup: JSONValue {
            [
                "id": .string("/subscriptions/\(subscriptionId)/resourceGroups/\(resourceGroupName)"),
                "name": .string(resourceGroupName), "type": "Microsoft.Resources/resourceGroups",
                "location": .string(location), "tags": [:], "properties": ["provisioningState": "Succeeded"],
            ]
        }

        static var tenant: JSONValue {
            ["tenantId": .string(tenantId), "displayName": "pipehost-local", "countryCode": ""]
        }
    }

    /// Resource ids and the deployment scope.
    static let resources: [ARMFunction] = [
        ARMFunction("subscription", 0...0) { _ in Placeholder.subscription },
        ARMFunction("resourceGroup", 0...0) { _ in Placeholder.resourceGroup },
        ARMFunction("tenant", 0...0) { _ in Placeholder.tenant },
        ARMFunction("resourceId", 2...many) { call throws(ARMExpressionError) in
            try resourceId(call, scopes: 2) { scope in
                let subscription = scope.count == 2 ? scope[0] : Placeholder.subscriptionId
                let group = scope.last ?? Placeholder.resourceGroupName
                return "/subscriptions/\(subscription)/resourceGroups/\(group)"
            }
        },
        ARMFunction("subscriptionResourceId", 2...many) { call throws(ARMExpressionError) in
            try resourceId(call, scopes: 1) { scope in "/subscriptions/\(scope.first ?? Placeholder.subscriptionId)" }
        },
        ARMFunction("tenantResourceId", 2...many) { call throws(ARMExpressionError) in
            try resourceId(call, scopes: 0) { _ in "" }
        },
    ]

    /// `…/providers/Namespace/type1/name1/type2/name2`: the resource type is the first argument
    /// with a slash; up to `scopes` arguments before it name the subscription and resource group;
    /// one name must follow per type segment after the namespace.
    private static func resourceId(
        _ call: ARMFunctionCall, scopes: Int, prefix: ([String]) -> String
    ) throws(ARMExpressionError) -> JSONValue {
        let arguments = try call.strings()
        guard let typeIndex = arguments.firstIndex(where: { $0.contains("/") }) else {
            throw call.invalid("no argument is a resource type such as 'Microsoft.DataFactory/factories'")
        }
        guard typeIndex <= scopes else {
            throw call.invalid("'\(arguments[typeIndex])' must be at most argument \(scopes + 1), after the optional subscription and resource group")
        }
        let segments = arguments[typeIndex].split(separator: "/").map(String.init)
        let names = Array(arguments[(typeIndex + 1)...])
        guard segments.count >= 2, names.count == segments.count - 1 else {
            throw call.invalid(
                "the resource type '\(arguments[typeIndex])' needs \(max(0, segments.count - 1)) name\(segments.count == 2 ? "" : "s") after it, but \(names.count) \(names.count == 1 ? "was" : "were") given")
        }
        var id = prefix(Array(arguments[..<typeIndex])) + "/providers/" + segments[0]
        for (type, name) in zip(segments.dropFirst(), names) { id += "/\(type)/\(name)" }
        return .string(id)
    }
}
