import PluginKit

/// Turns parameters into C arguments, in the order the JSON writes them:
///
/// | Parameter type | C type | NULL passes |
/// |---|---|---|
/// | Int16 | `int16_t` | `INT16_MIN` |
/// | Int32 (Int) | `int32_t` | `INT32_MIN` |
/// | Int64 | `int64_t` | `INT64_MIN` |
/// | Boolean | `int32_t` 1 or 0 | `INT32_MIN` |
/// | Double, Decimal | `double` | NaN |
/// | Single | `float` | NaN |
/// | String, Guid, Date, DateTime, DateTimeOffset, TimeSpan | `const char *` UTF-8 | `NULL` |
/// | Byte[] | cannot be passed (a pointer without a length) | |
enum NativeArguments {
    static func convert(
        _ parameters: [ProcedureParameter]
    ) throws(ActivityFailure) -> (kinds: [NativeArgumentKind], arguments: [NativeProcedure.Argument]) {
        var kinds: [NativeArgumentKind] = []
        var arguments: [NativeProcedure.Argument] = []
        kinds.reserveCapacity(parameters.count)
        arguments.reserveCapacity(parameters.count)
        func append(_ kind: NativeArgumentKind, _ argument: NativeProcedure.Argument) {
            kinds.append(kind)
            arguments.append(argument)
        }
        for parameter in parameters {
            let path = "typeProperties.storedProcedureParameters.\(parameter.name)"
            switch (parameter.type, parameter.value) {
            case (.byteArray, _):
                throw .invalidProperty(
                    "\(path).type",
                    "the parameter '\(parameter.name)' is Byte[], which a native procedure cannot receive (a C "
                        + "function gets no length with a pointer); pass the bytes as a base64 String instead")
            case (.int16, .int16(let value)): append(.int16, .int16(value))
            case (.int16, _): append(.int16, .int16(.min))
            case (.int32, .int32(let value)): append(.int32, .int32(value))
            case (.int32, _): append(.int32, .int32(.min))
            case (.int64, .int64(let value)): append(.int64, .int64(value))
            case (.int64, _): append(.int64, .int64(.min))
            case (.boolean, .boolean(let value)): append(.int32, .int32(value ? 1 : 0))
            case (.boolean, _): append(.int32, .int32(.min))
            case (.double, .double(let value)): append(.double, .double(value))
            case (.single, .float(let value)): append(.float, .float(value))
            case (.single, _): append(.float, .float(.nan))
            case (.decimal, .text(let text)):
                guard let value = Double(text) else {
                    throw .invalidProperty("\(path).value", "the decimal '\(text)' does not fit a double")
                }
                append(.double, .double(value))
            case (.double, _), (.decimal, _): append(.double, .double(.nan))
            case (_, .text(let text)):
                guard !text.utf8.contains(0) else {
                    throw .invalidProperty(
                        "\(path).value",
                        "the parameter '\(parameter.name)' contains a NUL character, which a C string cannot hold")
                }
                append(.pointer, .string(text))
            case (_, _): append(.pointer, .string(nil))
            }
        }
        return (kinds, arguments)
    }
}
