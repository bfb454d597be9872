import Hummingbird

/// Assembles the emulator's routes; tests drive the result without sockets (Hummingbird's router test
/// mode), `AzureMLEmulator.start` serves it on a port.
enum EmulatorRouter {
    static func make(services: EmulatorServices) -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        CatalogRoutes(services: services).register(on: router)
        BatchExecutionRoutes(services: services).register(on: router)
        UpdateResourceRoutes(services: services).register(on: router)
        BlobRoutes(services: services).register(on: router)
        return router
    }
}
