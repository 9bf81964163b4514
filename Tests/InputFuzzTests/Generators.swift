import Foundation

/// Profiles: every documented field, mostly with values near its edges, sometimes with a
/// value of the wrong type, an unknown field, or bytes broken after writing.
enum ProfileGenerator {
    static let fields = [
        "name", "description", "topic", "rate", "clock", "multipliers", "population", "mix", "campaigns", "producer",
        "duration", "count", "seed", "partitions",
    ]

    static func document(_ r: inout FuzzRandom) -> FuzzJSON {
        var members: [(String, FuzzJSON)] = []
        let density = r.pick([0.04, 0.1, 0.3])
        for field in fields where r.chance(density) { members.append((field, value(of: field, &r))) }
        if r.chance(0.03) { members.append((r.pick(["ratee", "", "\u{1B}", "Rate"]), anything(&r))) }
        return r.chance(0.02) ? anything(&r) : .object(members)
    }

    /// A value of any kind (the wrong type for most fields).
    static func anything(_ r: inout FuzzRandom, depth: Int = 0) -> FuzzJSON {
        switch r.count(0...(depth > 2 ? 3 : 6)) {
        case 0: return .raw(r.pick(FuzzPools.numbers))
        case 1: return .string(r.pick(FuzzPools.text))
        case 2: return .raw(r.pick(["true", "false", "null"]))
        case 3: return .raw(r.pick(FuzzPools.badNumbers))
        case 4: return .array((0..<r.count(0...3)).map { _ in anything(&r, depth: depth + 1) })
        default: return .object((0..<r.count(0...3)).map { _ in (r.pick(FuzzPools.text), anything(&r, depth: depth + 1)) })
        }
    }

    static func number(_ r: inout FuzzRandom) -> FuzzJSON { r.chance(0.9) ? .raw(r.pick(FuzzPools.numbers)) : anything(&r) }
    static func text(_ r: inout FuzzRandom) -> FuzzJSON { r.chance(0.9) ? .string(r.pick(FuzzPools.text)) : anything(&r) }
    static func numberOrText(_ r: inout FuzzRandom) -> FuzzJSON { r.chance(0.5) ? number(&r) : text(&r) }

    static func object(_ r: inout FuzzRandom, _ fields: [(String, (inout FuzzRandom) -> FuzzJSON)]) -> FuzzJSON {
        if r.chance(0.05) { return anything(&r) }
        return .object(fields.filter { _ in r.chance(0.5) }.map { ($0.0, $0.1(&r)) })
    }

    static func value(of field: String, _ r: inout FuzzRandom) -> FuzzJSON {
        switch field {
        case "rate":
            if r.chance(0.5) { return numberOrText(&r) }
            return object(&r, [("per_hour", number), ("per_second", number), ("value", text), ("arrivals", text), ("burst_seconds", number)])
        case "clock":
            return object(&r, [
                ("start", text), ("timezone", { r in r.chance(0.8) ? .string(r.pick(FuzzPools.zones)) : anything(&r) }), ("speed", number),
            ])
        case "multipliers":
            return .array((0..<r.count(0...5)).map { _ in
                object(&r, [
                    ("name", text), ("factor", number), ("hours", { r in .array((0..<r.count(1...3)).map { _ in number(&r) }) }),
                    ("days", { r in .array((0..<r.count(0...3)).map { _ in text(&r) }) }),
                    ("dates", { r in .array((0..<r.count(0...3)).map { _ in text(&r) }) }),
                ])
            })
        case "population":
            return object(&r, [("users", number), ("countries", shares)])
        case "mix":
            return object(&r, [
                ("categories", shares), ("payments", shares),
                ("discount", { r in object(&r, [("probability", number), ("range", { r in .array((0..<r.count(1...3)).map { _ in number(&r) }) })]) }),
            ])
        case "campaigns":
            return .array((0..<r.count(0...3)).map { _ in object(&r, [("id", text), ("channel", text), ("referrer", text), ("weight", number)]) })
        case "producer":
            return .object((0..<r.count(0...3)).map { _ in (r.pick(FuzzPools.producerKeys), r.chance(0.8) ? numberOrText(&r) : anything(&r)) })
        case "duration": return numberOrText(&r)
        case "count", "seed", "partitions": return number(&r)
        default: return text(&r)
        }
    }

    static func shares(_ r: inout FuzzRandom) -> FuzzJSON {
        .object((0..<r.count(0...3)).map { _ in (r.pick(FuzzPools.text), number(&r)) })
    }

    /// Breaks the written bytes: a cut, a raw byte (control characters included), a swap.
    static func mutate(_ bytes: inout [UInt8], _ r: inout FuzzRandom) {
        guard !bytes.isEmpty else { return }
        switch r.count(0...2) {
        case 0: bytes = Array(bytes.prefix(r.count(0...bytes.count)))
        case 1: bytes.insert(UInt8.random(in: 0...255, using: &r), at: r.count(0...bytes.count))
        default: bytes[r.count(0...bytes.count - 1)] = r.pick([0x00, 0x1B, 0x0A, 0x22, 0x5C, 0x7B, 0x5D, 0xFF, 0xC3])
        }
    }
}

/// Command lines: any command (or a misspelt one), options of every command with values near
/// their edges, `--opt=value` forms, missing values, unknown options, and the variables.
enum CommandLineGenerator {
    nonisolated(unsafe) static var profilePaths: [String] = []

    /// Each command's options (the run command's also stand for the older `transaction`).
    static let optionsOf: [String: [String]] = [
        "run": [
            "--profile", "--bootstrap-servers", "--topic", "--rate", "--duration", "--count", "--seed", "--generators", "--shard",
            "--output", "-X", "--log-level", "--flush-timeout", "--connect-timeout", "--partitions", "--dead-letter",
            "--max-attempts", "--stall-timeout", "--stats-file", "--stats-interval", "--metrics-port", "--metrics-host",
            "--shards", "--start-at",
        ],
        "broker": ["--brokers", "--topic", "--partitions", "--replication-factor", "--bootstrap-file", "--log-level"],
        "verify": ["--bootstrap-servers", "-X", "--log-level", "--topic", "--against", "--report", "--timeout"],
        "replay": ["--bootstrap-servers", "-X", "--log-level", "--topic", "--dead-letter"],
    ]
    static let valued = Array(Set(optionsOf.values.joined())).sorted()
    /// Values each option takes in ordinary use, so that inputs get past parsing to the checks.
    static let plausible: [String: [String]] = [
        "--rate": ["500", "50/s", "2m/s", "max", "1000/min", "10m/s", "2.5m/h"], "--duration": ["2", "90s", "1h30m", "365d", "500ms", "1ms"],
        "--count": ["1", "100", "2147483647000"], "--seed": ["0", "42", "4503599627370495"], "--generators": ["1", "4", "256"],
        "--partitions": ["1", "12", "10000"], "--max-attempts": ["1", "5", "100"], "--metrics-port": ["0", "9090", "65535"],
        "--brokers": ["1", "3", "32"], "--replication-factor": ["1", "3"], "--topic": ["transactions", "a.b-c_d", String(repeating: "t", count: 249)],
        "--log-level": ["debug", "WARN", "info"], "--shard": ["0/1", "2/8", "auto"], "--shards": ["1", "4", "100000"],
        "--start-at": ["+30s", "2026-11-30T10:00:00Z", "2026-11-30T11:00:00+01:00"], "--metrics-host": ["127.0.0.1", "0.0.0.0"],
        "--flush-timeout": ["30s", "1ms", "365d"], "--connect-timeout": ["10s"], "--stall-timeout": ["60s"], "--stats-interval": ["10s", "1s"],
        "--timeout": ["10m", "1s"], "--output": ["null", "stdout", "file:/tmp/loadgen-fuzz.jsonl"],
        "-X": ["linger.ms=5", "acks=all", "sasl.password=env:LOADGEN_FUZZ_SECRET", "batch_size=1000"],
        "--bootstrap-servers": ["localhost:9092", "[::1]:9092,broker:9093"],
        "--dead-letter": ["/tmp/loadgen-fuzz-dead.jsonl"], "--stats-file": ["/tmp/loadgen-fuzz-stats.jsonl"],
        "--bootstrap-file": ["/tmp/loadgen-fuzz-bootstrap"], "--report": ["/tmp/loadgen-fuzz-report.json"],
    ]
    static let commands = ["brokr", "verfy", "", "\u{1B}[31m", "help", "sasl.password=hunter2"]
    static let servers = ["localhost:9092", "a:b:c", "host", "host:0", "host:65536", "[::1]:9092", "SASL_SSL://b:9096", "h:1,", ",", "h:1,h:2", "h st:1", "\u{1B}:1"]
    static let properties = [
        "linger.ms=5", "linger.ms", "linger.ms==5", "=x", "a=b", "sasl.password hunter2", "sasl.password:hunter2",
        "sasl.password==hunter2", "sasl.password=env:NOPE", "sasl.password=env:LOADGEN_FUZZ_SECRET", "ssl.key.password=env:",
        "buffer_memory=-1", "buffer_memory=1e300", "batch_size=99999999999999999999", "k\u{1B}=v", "acks=all", "message.max.bytes=1",
        "compression.type=zstd", "sasl.jaas.config=hunter2", "SASL.PASSWORD=hunter2",
    ]
    static let shards = ["0/1", "2/8", "3/2", "-1/2", "0/0", "1/9223372036854775807", "0/9223372036854775808", "a/b", "1/2/3", "/", "auto", "AUTO"]
    static let outputs = ["kafka", "stdout", "-", "null", "file:", "file:/tmp/x", "kafak", "file:\u{0}", ""]

    static func value(for option: String, _ r: inout FuzzRandom) -> String {
        if r.chance(0.15) { return r.pick(FuzzPools.text + FuzzPools.numbers + FuzzPools.badNumbers) }
        if let usual = plausible[option], r.chance(0.5) { return r.pick(usual) }
        switch option {
        case "--profile": return profilePaths.isEmpty ? "/dev/zero" : r.pick(profilePaths)
        case "--bootstrap-servers": return r.pick(servers)
        case "-X": return r.pick(properties)
        case "--shard": return r.pick(shards)
        case "--output": return r.pick(outputs)
        case "--log-level": return r.pick(["debug", "WARN", "loud", ""])
        case "--topic", "--dead-letter", "--stats-file", "--metrics-host", "--bootstrap-file", "--against": return r.pick(FuzzPools.text)
        default: return r.pick(FuzzPools.numbers + FuzzPools.badNumbers + FuzzPools.text.prefix(40) + ["-1", "65535", "65536", "33", "257"])
        }
    }

    static func options(_ r: inout FuzzRandom, count: Int, of command: String = "run") -> [String] {
        var out: [String] = []
        for _ in 0..<count {
            let own = optionsOf[command] ?? optionsOf["run"]!
            let option = r.chance(0.03) ? r.pick(["--rat", "--no-status", "-h", "--", "--\u{1B}"]) : r.pick(r.chance(0.05) ? valued : own)
            let v = value(for: option, &r)
            if r.chance(0.1) { out.append(option + "=" + v) } else if r.chance(0.03) { out.append(option) } else { out += [option, v] }
        }
        return out
    }

    static func arguments(_ r: inout FuzzRandom) -> [String] {
        var out: [String] = []
        var command = "run"
        switch r.count(0...99) {
        case 0..<45: break
        case 45..<52: out.append(r.pick(["run", "transaction"]))
        case 52..<92:
            command = r.pick(["broker", "verify", "replay"])
            out.append(command)
        default: out.append(r.pick(commands))
        }
        out += options(&r, count: r.count(0...6), of: command)
        if command == "replay" || r.chance(0.03) { out.append(r.pick(["FILE.jsonl", "extra", "\u{7}"])) }
        return out
    }

    static func environment(_ r: inout FuzzRandom) -> [String: String] {
        var environment = ["LOADGEN_FUZZ_SECRET": "hunter2"]
        let variables: [(String, [String])] = [
            ("KAFKA_TOPIC", ["env_topic", "..", "orders and returns!", FuzzPools.long]), ("KAFKA_BOOTSTRAP_SERVERS", servers),
            ("GENERATION_RATE", ["3600", "1e19/s", "max", "nan"]), ("DURATION", ["2", "1e16", "0", "365d"]), ("LOG_LEVEL", ["info", "LOUD"]),
        ]
        for (name, values) in variables where r.chance(0.06) { environment[name] = r.pick(values) }
        return environment
    }
}
