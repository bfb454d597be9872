import PluginKit

/// An `HDInsightHive` activity's `arguments` in the Hive command line's form: `-hiveconf k=v` /
/// `--hiveconf k=v` (a setting, like `defines`), `-hivevar k=v` / `--hivevar k=v` / `-d k=v` /
/// `--define k=v` (a variable, like `variables`), `--database name`, and `-S`/`--silent`/`-v`/
/// `--verbose`, which change nothing here (every statement is logged).
struct HiveArguments: Sendable, Equatable {
    /// One `name=value` definition.
    struct Definition: Sendable, Equatable {
        var name: String
        var value: String
    }

    var hiveconf: [Definition] = []
    var hivevar: [Definition] = []
    var database: String?

    static let settingOptions: Set<String> = ["-hiveconf", "--hiveconf"]
    static let variableOptions: Set<String> = ["-hivevar", "--hivevar", "-d", "--define"]
    static let ignoredOptions: Set<String> = ["-S", "--silent", "-v", "--verbose"]

    /// Parses `arguments` (found at `path`, e.g. `typeProperties.arguments`).
    static func parse(_ arguments: [String], path: String) throws(ActivityFailure) -> HiveArguments {
        var result = HiveArguments()
        var index = 0
        while index < arguments.count {
            let option = arguments[index]
            let here = "\(path)[\(index)]"
            if ignoredOptions.contains(option) {
                index += 1
                continue
            }
            let isSetting = settingOptions.contains(option)
            guard isSetting || variableOptions.contains(option) || option == "--database" else {
                throw ActivityFailure.invalidProperty(
                    here,
                    "'\(option)' is not a Hive command-line option pipehost takes; expected -hiveconf NAME=VALUE, "
                        + "--hiveconf, -hivevar, --hivevar, -d, --define, --database NAME, -S/--silent or -v/--verbose "
                        + "(the script itself comes from scriptPath or script)")
            }
            guard index + 1 < arguments.count else {
                throw ActivityFailure.invalidProperty(here, "'\(option)' needs a value after it")
            }
            let value = arguments[index + 1]
            index += 2
            if option == "--database" {
                guard !value.isEmpty else { throw ActivityFailure.invalidProperty("\(path)[\(index - 1)]", "the database name is empty") }
                result.database = value
                continue
            }
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw ActivityFailure.invalidProperty(
                    "\(path)[\(index - 1)]", "expected NAME=VALUE after '\(option)', found '\(value)'")
            }
            let definition = Definition(name: String(value[..<equals]), value: String(value[value.index(after: equals)...]))
            if isSetting { result.hiveconf.append(definition) } else { result.hivevar.append(definition) }
        }
        return result
    }
}
