/// What `craftsmand` was asked to do, from its command line.
struct ServerOptions: Equatable {
    /// The address to listen on. Loopback by default: exposing the server is a deliberate act.
    var host = "127.0.0.1"
    /// The TCP port; 0 asks the kernel for a free one (the chosen port is logged).
    var port: UInt16 = 7433
    /// Where the server keeps its state; created when missing.
    var dataDirectory = "./data"
    /// Print usage and exit.
    var showHelp = false

    static let usage = """
        usage: craftsmand [--listen HOST:PORT] [--data-dir PATH]

          --listen HOST:PORT   address to listen on (default 127.0.0.1:7433; port 0 picks a free one)
          --data-dir PATH      data directory, created when missing (default ./data)
          -h, --help           show this help
        """

    /// A command-line mistake, naming the flag, the value and the rule.
    struct ParseError: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(ParseError) -> ServerOptions {
        var options = ServerOptions()
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            switch flag {
            case "-h", "--help":
                options.showHelp = true
            case "--listen":
                guard let value = remaining.popFirst() else { throw ParseError(description: "--listen needs a HOST:PORT value") }
                guard let colon = value.lastIndex(of: ":"), colon != value.startIndex,
                    let port = UInt16(value[value.index(after: colon)...])
                else {
                    throw ParseError(description: "--listen \(value): expected HOST:PORT with a port from 0 to 65535")
                }
                options.host = String(value[..<colon])
                options.port = port
            case "--data-dir":
                guard let value = remaining.popFirst(), !value.isEmpty else {
                    throw ParseError(description: "--data-dir needs a non-empty PATH value")
                }
                options.dataDirectory = value
            default:
                throw ParseError(description: "unknown option \(flag); see craftsmand --help")
            }
        }
        return options
    }
}
