import CLibFuzzer
import FuzzHarness

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libFuzzer's per-input entry point for the `store-files` target (see fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzOneInput("store-files", start, count)
}

/// SwiftPM gives a Swift executable its own entry point, so libFuzzer's main() is not used:
/// this runs libFuzzer's driver, which takes the same arguments.
@main
enum StoreFilesFuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))
    }
}
