import Foundation

/// The trained model each scoring endpoint currently scores with.
///
/// Every endpoint starts with its web service's initial model. A successful Update Resource PATCH
/// installs a new model for that endpoint alone, effective immediately or after the service's
/// `modelSwitchDelay` (Azure: "approximately 30 seconds").
actor EndpointModels {
    /// A model installed on an endpoint.
    struct Installation: Sendable {
        let model: TrainedModel
        /// From when scoring uses it.
        let effectiveAt: Date
        /// Where the emulator keeps its copy; `nil` for the configured initial model.
        let location: BlobLocation?
    }

    private var installations: [String: [Installation]] = [:]
    private let initialModels: [String: TrainedModel]

    /// Endpoints (by service id) of every score service, with their initial model.
    init(catalog: EmulatorCatalog) {
        var initial: [String: TrainedModel] = [:]
        for service in catalog.webServices {
            guard let model = service.initialModel else { continue }
            for endpoint in service.endpoints { initial[endpoint.serviceId] = model }
        }
        initialModels = initial
    }

    /// The installation in effect at `time`.
    func current(for serviceId: String, at time: Date = Date()) -> Installation? {
        if let installed = installations[serviceId]?.last(where: { $0.effectiveAt <= time }) {
            return installed
        }
        return initialModels[serviceId].map { Installation(model: $0, effectiveAt: .distantPast, location: nil) }
    }

    /// Installs a model for one endpoint.
    func install(_ model: TrainedModel, for serviceId: String, effectiveAt: Date, location: BlobLocation) {
        installations[serviceId, default: []].append(
            Installation(model: model, effectiveAt: effectiveAt, location: location))
    }
}
