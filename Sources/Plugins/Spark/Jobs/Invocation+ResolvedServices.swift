import PluginKit

extension Invocation {
    /// The linked service named `name` (ignoring case, as ADF does) among those the host resolved for
    /// this call: the activity's, and its data flow's sources' and sinks' (a dataset's linked service
    /// is among those too). Jobs name the storage they store to or clean up by name in their state.
    func resolvedLinkedService(named name: String) -> LinkedService? {
        var known = Array(linkedServices.values)
        if let dataFlow { known += dataFlow.linkedServices.values }
        return known.first { $0.name.lowercased() == name.lowercased() }
    }
}
