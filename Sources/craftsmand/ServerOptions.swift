import CraftsmanRPC
import CraftsmanStore

/// What `craftsmand` was asked to do: flags, optionally on top of a config file whose lines are
/// `name = value` with the flags' names (`listen = 127.0.0.1:7433`); flags win.
struct ServerOptions {
    /// TCP addresses to listen on. Loopback by default: exposing the server is a deliberate act.
    var listen: [(host: String, port: UInt16)] = []
    /// Unix domain socket paths to listen on.
    var unixSockets: [String] = []
    /// Where the server keeps its state; created when missing.
    var dataDirectory = "./data"
    /// RPC limits and timings; the journal is woken once per read of a connection.
    var configuration: ServerConfiguration = {
        var configuration = ServerConfiguration()
        configuration.readRound = JournalWakeRound.run
        return configuration
    }()
    /// Journal and snapshot settings; the replies of the writes one flush made durable are sent together.
    var store: StoreConfiguration = {
        var store = StoreConfiguration()
        store.acknowledgementRound = ServerConnection.answeringTogether
        return store
    }()
    /// `craftsmand verify`: check the data directory offline and exit.
    var verifyOnly = false
    /// `craftsmand demo-load`: write the demo program into an empty data directory and exit.
    var demoLoad: DemoLoadOptions?
    /// swift-log level name.
    var logLevel = "info"
    /// Print usage and exit.
    var showHelp = false

    static let defaultListen = (host: "127.0.0.1", port: UInt16(7433))

    static let usage = """
        usage: craftsmand [options]
               craftsmand verify --data-dir PATH    check a data directory offline (exit 0: sound, 1: damaged)
               craftsmand demo-load --data-dir PATH [--seed N] [--schools N] [--teachers N]
                                                    write the demo program (round 2024 confirmed, round 2026
                                                    in evaluation) into a new or empty data directory and exit;
                                                    defaults: seed 2024, 40 schools, 3000 teachers

          --listen HOST:PORT        TCP address (repeatable; default 127.0.0.1:7433; port 0 picks a free one)
          --unix PATH               also listen on a Unix domain socket (repeatable)
          --data-dir PATH           data directory, created when missing (default ./data)
          --config FILE             read options from FILE: one "name = value" per line, names as flags
          --max-connections N       connections open at once (default 1024)
          --max-concurrent-calls N  calls open at once per connection (default 256)
          --max-frame-size BYTES    largest frame payload (default 4194304)
          --idle-timeout SECONDS    close connections idle this long (default 300)
          --shutdown-grace SECONDS  time calls get to finish on SIGTERM/SIGINT (default 10)
          --flush-policy POLICY     journal flush before a reply: always (default), everysec, none
          --snapshot-interval SECONDS      snapshot this long after the last one if anything changed (default 3600; 0: off)
          --snapshot-after-journal-mb MB   snapshot once the journal since the last one reaches this size (default 256)
          --journal-segment-mb MB          start a new journal segment once the current one reaches this size
                                           (default 64)
          --journal-preallocate-mb MB      write each journal segment ahead as this many MB of zeros, so that
                                           flushes do not grow files (default 64; 0: off)
          --log-level LEVEL         trace, debug, info, notice, warning, error, critical (default info)
          -h, --help                show this help
        """

    /// A command-line or config-file mistake, naming the option, the value and the rule.
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name); `readFile` reads a config file's text.
    static func parse(_ arguments: [String], readFile: (String) throws -> String) throws -> ServerOptions {
        var options = ServerOptions()
        var pairs: [(name: String, value: String?)] = []
        var remaining = arguments[...]
        if remaining.first == "verify" {
            remaining.removeFirst()
            options.verifyOnly = true
        } else if remaining.first == "demo-load" {
            remaining.removeFirst()
            options.demoLoad = DemoLoadOptions()
        }
        while let flag = remaining.popFirst() {
            guard flag.hasPrefix("-") else { throw ParseError(description: "unexpected argument \(flag); see craftsmand --help") }
            let name = String(flag.drop { $0 == "-" })
            if name == "h" || name == "help" {
                pairs.append((name: "help", value: nil))
                continue
            }
            guard let value = remaining.popFirst() else { throw ParseError(description: "\(flag) needs a value") }
            if name == "config" {
                let text: String
                do {
                    text = try readFile(value)
                } catch {
                    throw ParseError(description: "--config \(value): cannot read it: \(error)")
                }
                pairs.insert(contentsOf: try configPairs(text, file: value), at: 0)
            } else {
                pairs.append((name: name, value: value))
            }
        }
        for (name, value) in pairs {
            try options.apply(name, value)
        }
        if options.listen.isEmpty && options.unixSockets.isEmpty { options.listen = [defaultListen] }
        return options
    }

    private static func configPairs(_ text: String, file: String) throws -> [(name: String, value: String?)] {
        var pairs: [(name: String, value: String?)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters()
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ParseError(description: "\(file):\(index + 1): expected \"name = value\", got \"\(trimmed)\"")
            }
            let name = String(trimmed[..<equals]).trimmingCharacters()
            let value = String(trimmed[trimmed.index(after: equals)...]).trimmingCharacters()
            guard name != "config" else {
                throw ParseError(description: "\(file):\(index + 1): a config file cannot include another")
            }
            pairs.append((name: name, value: value))
        }
        return pairs
    }

    private mutating func apply(_ name: String, _ value: String?) throws {
        func number(_ range: ClosedRange<Int>) throws -> Int {
            guard let value, let number = Int(value), range.contains(number) else {
                throw ParseError(
                    description:
                        "--\(name) \(value ?? ""): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        switch name {
        case "help":
            showHelp = true
        case "listen":
            guard let value, let colon = value.lastIndex(of: ":"), colon != value.startIndex,
                let port = UInt16(value[value.index(after: colon)...])
            else {
                throw ParseError(description: "--listen \(value ?? ""): expected HOST:PORT with a port from 0 to 65535")
            }
            var host = String(value[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            listen.append((host: host, port: port))
        case "unix":
            guard let value, !value.isEmpty else { throw ParseError(description: "--unix needs a non-empty PATH") }
            unixSockets.append(value)
        case "data-dir":
            guard let value, !value.isEmpty else { throw ParseError(description: "--data-dir needs a non-empty PATH") }
            dataDirectory = value
        case "max-connections":
            configuration.maxConnections = try number(1...1_000_000)
        case "max-concurrent-calls":
            configuration.maxConcurrentCalls = try number(1...100_000)
        case "max-frame-size":
            configuration.maxFrameSize = try number(1024...(64 << 20))
        case "idle-timeout":
            configuration.idleTimeout = .seconds(try number(1...86_400))
        case "shutdown-grace":
            configuration.shutdownGracePeriod = .seconds(try number(0...3600))
        case "flush-policy":
            guard let value, let policy = FlushPolicy(rawValue: value) else {
                throw ParseError(
                    description:
                        "--flush-policy \(value ?? ""): expected one of \(FlushPolicy.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            store.flushPolicy = policy
        case "snapshot-interval":
            store.snapshotIntervalSeconds = try number(0...(30 * 86_400))
        case "snapshot-after-journal-mb":
            store.snapshotAfterJournalBytes = try number(1...(1 << 20)) << 20
        case "journal-segment-mb":
            store.segmentMaxBytes = try number(1...4096) << 20
        case "journal-preallocate-mb":
            store.preallocatedSegmentBytes = try number(0...4096) << 20
        case "seed", "schools", "teachers":
            guard demoLoad != nil else { throw ParseError(description: "--\(name) is only for craftsmand demo-load") }
            switch name {
            case "seed":
                guard let value, let seed = UInt64(value) else {
                    throw ParseError(description: "--seed \(value ?? ""): expected a whole number from 0 to \(UInt64.max)")
                }
                demoLoad?.seed = seed
            case "schools": demoLoad?.schools = try number(2...1000)
            default: demoLoad?.teachers = try number(100...1_000_000)
            }
        case "log-level":
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard let value, levels.contains(value) else {
                throw ParseError(description: "--log-level \(value ?? ""): expected one of \(levels.joined(separator: ", "))")
            }
            logLevel = value
        default:
            throw ParseError(description: "unknown option --\(name); see craftsmand --help")
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters() -> String {
        String(
            drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
