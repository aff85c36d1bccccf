import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation
import Testing

/// The `craftsmand` executable as an operator runs it: options, config file, signals, exit codes.
@Suite("craftsmand command line")
struct CraftsmandTests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/craftsmand")

    /// A running or finished craftsmand, with its output collected off Swift concurrency's threads.
    ///
    /// The output is read by a thread of its own, with blocking reads until the end of the pipe.
    /// A `readabilityHandler` (a dispatch read source) torn down as the process ended sometimes
    /// crashed the whole test process in libdispatch (`_dispatch_event_loop_drain`, a bad pointer
    /// 0x1: a known swift-corelibs-foundation problem with handlers on subprocess pipes), about
    /// once in 30 runs of the suite.
    final class Run: @unchecked Sendable {
        let process = Process()
        private let output = Pipe()
        private let lock = NSLock()
        private var text = ""
        private var readToEnd = false

        init(_ arguments: [String]) throws {
            process.executableURL = CraftsmandTests.binary
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let handle = output.fileHandleForReading
            let reader = Thread { [self] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    lock.withLock { text += String(decoding: data, as: UTF8.self) }
                }
                lock.withLock { readToEnd = true }
            }
            reader.start()
        }

        var outputSoFar: String { lock.withLock { text } }

        /// Waits (polling, without blocking a thread) until `predicate` holds for the output.
        func waitFor(_ predicate: (String) -> Bool, timeout: Duration = .seconds(20)) async -> String? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let current = outputSoFar
                if predicate(current) { return current }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        /// Waits for the process to end and collects the rest of its output; its exit status.
        func exitStatus(timeout: Duration = .seconds(20)) async -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now > deadline { return nil }
                try? await Task.sleep(for: .milliseconds(20))
            }
            // The process may end before the reader has read its last output.
            while !lock.withLock({ readToEnd }) {
                if ContinuousClock.now > deadline { return nil }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return process.terminationStatus
        }
    }

    @Test(
        "bad options stop it with status 2 and a message naming the option, value and rule",
        arguments: [
            (["--listen", "nowhere"], "--listen nowhere: expected HOST:PORT"),
            (["--max-connections", "0"], "--max-connections 0: expected a whole number from 1"),
            (["--log-level", "loud"], "--log-level loud: expected one of"),
            (["--frobnicate", "1"], "unknown option --frobnicate"),
            (["--config", "/nonexistent/craftsman.conf"], "--config /nonexistent/craftsman.conf: cannot read it"),
        ])
    func badOptions(arguments: [String], message: String) async throws {
        let run = try Run(arguments)
        #expect(await run.exitStatus() == 2)
        #expect(run.outputSoFar.contains(message), "\(run.outputSoFar)")
    }

    @Test("it serves on the configured endpoint and exits 0 on SIGTERM after finishing a call in flight")
    func serveAndStop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("craftsmand-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("craftsman.conf")
        try "# test configuration\nlisten = 127.0.0.1:0\ndata-dir = \(folder.path)/data\nshutdown-grace = 5\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let run = try Run(["--config", config.path, "--log-level", "warning"])
        let started = try #require(await run.waitFor { $0.contains("listening on 127.0.0.1:") }, "craftsmand did not start")
        let portText = try #require(
            started.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last)
        let port = try #require(UInt16(portText.trimmingCharacters(in: .whitespaces)))
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("data").path), "the data directory was created")

        let client = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: port))
        #expect(try await HealthServiceClient(client).check(HealthCheckRequest()).status == .serving)
        async let slow = EchoServiceClient(client).echo(EchoRequest(payload: [42], delayMs: 500))
        try await Task.sleep(for: .milliseconds(100))
        run.process.terminate()  // SIGTERM
        #expect(try await slow.payload == [42], "the call in flight finished during the graceful shutdown")
        #expect(await run.exitStatus() == 0)
        client.close()
    }
}
