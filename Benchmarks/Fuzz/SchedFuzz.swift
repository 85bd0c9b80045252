import Foundation

/// The fuzz target's entry points: libFuzzer's callback when built with `-DFUZZING`, otherwise a
/// command that replays the input files it is given.

/// One harness for the whole process; libFuzzer calls the target from one thread.
nonisolated(unsafe) private var harness: FuzzHarness?

private func sharedHarness() -> FuzzHarness {
    if let harness { return harness }
    let made = FuzzHarness()
    harness = made
    return made
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    sharedHarness().run(bytes)
    return 0
}

/// libFuzzer's driver, which its own `main` calls.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target with `main` defined as `SchedFuzz_main` (so tests can link
/// the module), which shadows libFuzzer's `main`; this one starts libFuzzer's driver instead.
@_cdecl("SchedFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
}
#else
/// `SchedFuzz FILE...`: runs each input as the fuzzer would, to check a crash is fixed.
@main
struct SchedFuzz {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: SchedFuzz FILE...\n".utf8))
            exit(2)
        }
        // The harness moves into its own working directory; names given are relative to this one.
        let directory = FileManager.default.currentDirectoryPath
        let harness = sharedHarness()
        for file in files {
            let path = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("SchedFuzz: cannot read \(file)\n".utf8))
                exit(1)
            }
            harness.run([UInt8](data))
            print("ok \(file)")
        }
    }
}
#endif
