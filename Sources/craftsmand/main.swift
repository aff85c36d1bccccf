import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// craftsmand, the Craftsman server. Until the RPC framework lands this is a placeholder that
// prepares the data directory, listens where the real server will, refuses connections cleanly
// and shuts down on SIGTERM or SIGINT with exit status 0.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("craftsmand: \(message)\n".utf8))
    exit(2)
}

let options: ServerOptions
do {
    options = try ServerOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\(ServerOptions.usage)")
}
if options.showHelp {
    print(ServerOptions.usage)
    exit(0)
}

do {
    try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
} catch {
    fail("cannot create the data directory \(options.dataDirectory): \(error.localizedDescription)")
}

let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
guard listener >= 0 else { fail("socket: \(String(cString: strerror(errno)))") }
var yes: Int32 = 1
setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = options.port.bigEndian
guard inet_pton(AF_INET, options.host, &address.sin_addr) == 1 else {
    fail("--listen \(options.host): not an IPv4 address")
}
let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
}
guard bound == 0, listen(listener, 128) == 0 else {
    fail("cannot listen on \(options.host):\(options.port): \(String(cString: strerror(errno)))")
}
var length = socklen_t(MemoryLayout<sockaddr_in>.size)
_ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
}
print("craftsmand: listening on \(options.host):\(UInt16(bigEndian: address.sin_port)), data directory \(options.dataDirectory)")
print("craftsmand: placeholder build: the RPC protocol is not served yet; connections are closed at once")
fflush(nil)

let accepts = DispatchSource.makeReadSource(fileDescriptor: listener, queue: .main)
accepts.setEventHandler {
    let connection = accept(listener, nil, nil)
    if connection >= 0 { close(connection) }
}
accepts.resume()

var signalSources: [DispatchSourceSignal] = []
for signalNumber in [SIGTERM, SIGINT] {
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
    source.setEventHandler {
        print("craftsmand: signal \(signalNumber): shutting down")
        accepts.cancel()
        close(listener)
        exit(0)
    }
    source.resume()
    signalSources.append(source)
}
dispatchMain()
