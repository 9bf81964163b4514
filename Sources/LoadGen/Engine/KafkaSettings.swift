import Foundation
import Kafka

extension KafkaConfiguration {
    /// Replaces every value written `env:NAME` by the environment variable NAME, so passwords
    /// stay off command lines and out of profiles.
    /// - Throws: ``InputError`` naming `field` and the property when the variable is not set.
    public static func resolvingEnvironment(
        _ properties: [String: String], field: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) -> [String: String] {
        var resolved = properties
        for (key, value) in properties where value.hasPrefix("env:") {
            let name = String(value.dropFirst(4))
            guard !name.isEmpty else { throw InputError("\(field) \(key)", "expected env:NAME with a variable name, got \"env:\"") }
            guard let fromEnvironment = environment[name] else {
                throw InputError("\(field) \(key)", "environment variable \(name) is not set (the value says env:\(name))")
            }
            resolved[key] = fromEnvironment
        }
        return resolved
    }

    /// A client configuration for `bootstrap` with `-X key=value` properties (values may be
    /// `env:NAME`), each checked by librdkafka.
    /// - Throws: ``InputError`` naming the flag and property that is wrong.
    public static func client(bootstrapServers bootstrap: String, properties: [String]) throws(InputError) -> KafkaConfiguration {
        var pairs: [String: String] = [:]
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw InputError("-X", "expected key=value, got \"\(property)\"") }
            pairs[parts[0]] = parts[1]
        }
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        do { try configuration.merge(try resolvingEnvironment(pairs, field: "-X")) } catch let error as InputError {
            throw error
        } catch { throw InputError("-X", "\(error)") }
        return configuration
    }
}
