import PipehostPluginABI

/// The version constants of `pipehost_plugin.h`, as Swift values.
///
/// Integer and string macros come straight from the header; the ones Clang cannot import
/// (expressions built with `UINT64_C`) are restated here and checked against the header by
/// `PluginContractTests`.
public enum PluginABIVersion {
    /// `PH_ABI_MAJOR`: a plugin built against another major is refused.
    public static let major: UInt32 = PH_ABI_MAJOR
    /// `PH_ABI_MINOR`: advisory; newer minors only add fields at the ends of structs.
    public static let minor: UInt32 = PH_ABI_MINOR
    /// `PH_PLUGIN_MAGIC`: the bytes "PHPL" read as a little-endian `UInt32`.
    public static let magic: UInt32 = PH_PLUGIN_MAGIC
    /// `PH_PLUGIN_ENTRY_SYMBOL`: the one symbol every plugin exports.
    public static let entrySymbol: String = PH_PLUGIN_ENTRY_SYMBOL
    /// `PH_EXT_HOST_INFO`: the id of the host-info extension.
    public static let hostInfoExtensionID: String = PH_EXT_HOST_INFO

    /// `major.minor`, as listings show it.
    public static var text: String { "\(major).\(minor)" }
}

/// The size limits of `pipehost_plugin.h` (`PH_MAX_*`).
public enum PluginLimits {
    /// `PH_MAX_RESULT_BYTES`: the largest output or error the host accepts.
    public static let maximumResultBytes = 4 * 1024 * 1024
    /// `PH_MAX_STATE_BYTES`: the largest operation state the host accepts and stores.
    public static let maximumStateBytes = 64 * 1024
    /// Longest activity type name (`ph_activity_descriptor.type_name`).
    public static let maximumTypeNameLength = 128
    /// Longest plugin id; the header does not bound it, the host does so listings stay readable.
    public static let maximumPluginIDLength = 255
    /// The most descriptors one plugin table may hold; more means a corrupt table.
    public static let maximumActivityCount = 1024
}
