import Foundation
import SchedTestSupport
import Testing

/// `sched --generate-completion-script SHELL` and `sched manual`: scripts for bash, zsh and fish,
/// and a `sched(1)` page whose statements are the entries `help` lists.
@Suite("Manual page and completion scripts")
struct ManualAndCompletionTests {
    static let subcommands = ["run", "check", "test", "init", "login", "logout", "backup", "manual"]

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEverySubcommandAndTheDatabaseOption(shell: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["--generate-completion-script", shell])
        #expect(result.exitCode == 0, "\(result)")
        let script = result.standardOutput
        #expect(!script.isEmpty, "\(result)")
        for subcommand in Self.subcommands {
            #expect(script.contains(subcommand), "the \(shell) script does not mention \(subcommand)")
        }
        #expect(script.contains("db"), "the \(shell) script does not mention --db")
        #expect(script.contains("sched"), "the \(shell) script does not mention sched")
    }

    @Test func bashCompletionScriptIsValidBash() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["--generate-completion-script", "bash"])
        let script = try sandbox.write("sched.bash", result.standardOutput)
        let check = try Tool.run("bash", ["-n", script.path])
        #expect(check.status == 0, "bash -n failed: \(check.errors)")
    }

    @Test func scriptArgumentsCompleteSchedFiles() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["--generate-completion-script", "zsh"])
        #expect(result.standardOutput.contains("*.sched"), "\(result)")
    }

    @Test func manualIsARoffPageForSectionOne() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["manual"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardError.isEmpty, "\(result)")
        let page = result.standardOutput
        #expect(page.contains("\n.TH SCHED 1 "), "\(page.prefix(300))")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "STATEMENTS",
                        "ENVIRONMENT", "FILES", "EXIT STATUS"] {
            #expect(page.contains("\n.SH \(section)\n"), "no \(section) section")
        }
        for variable in ["SCHED_DB", "XDG_DATA_HOME", "XDG_STATE_HOME", "SCHED_PASSWORD", "CALCOM_API_KEY",
                         "CALCOM_API_URL", "NO_COLOR"] {
            #expect(page.contains("\\fB\(variable)\\fR"), "ENVIRONMENT does not list \(variable)")
        }
        for subcommand in Self.subcommands {
            #expect(page.contains("\n\\fB\(subcommand)\\fR\n"), "COMMANDS does not list \(subcommand)")
        }
        #expect(page.contains("\\fB\\-\\-db\\fR \\fIpath\\fR"), "OPTIONS does not list --db")
    }

    @Test func manualHasASubsectionForEveryHelpTopic() throws {
        let sandbox = try Sandbox()
        let help = try sandbox.run(["-c", "help"])
        #expect(help.exitCode == 0, "\(help)")
        let topics = help.outputLines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(topics.count > 20, "\(help)")
        let page = try sandbox.run(["manual"]).standardOutput
        let subsections = page.split(separator: "\n").filter { $0.hasPrefix(".SS ") }.map { String($0.dropFirst(4)) }
        #expect(subsections == topics.map { $0.replacingOccurrences(of: "-", with: "\\-") })
    }

    @Test func manualShowsEachTopicsHelpText() throws {
        let sandbox = try Sandbox()
        let page = try sandbox.run(["manual"]).standardOutput
        let help = try sandbox.run(["-c", "help book"])
        #expect(help.exitCode == 0, "\(help)")
        let lines = help.outputLines.map { $0.trimmingCharacters(in: .whitespaces) }
        let synopsis = try #require(lines.first)
        #expect(page.contains("\\fB\(synopsis)\\fR"), "the synopsis of book differs from help: \(synopsis)")
        let example = try #require(lines.last?.split(separator: ": ", maxSplits: 1).last.map(String.init))
        let escapedExample = example.replacingOccurrences(of: "-", with: "\\-")
        #expect(page.contains("\n\(escapedExample)\n"), "the example of book differs from help: \(example)")
    }

    @Test(.enabled(if: Tool.available("groff"), "groff is not installed"))
    func manualRendersWithoutWarnings() throws {
        let sandbox = try Sandbox()
        let page = try sandbox.write("sched.1", try sandbox.run(["manual"]).standardOutputData)
        let rendered = try Tool.run("groff", ["-man", "-Tutf8", "-ww", page.path])
        #expect(rendered.status == 0, "\(rendered.errors)")
        #expect(rendered.errors.isEmpty, "groff warned: \(rendered.errors)")
        #expect(rendered.output.contains("SCHED(1)"), "\(rendered.output.prefix(300))")
    }

    @Test func escapingKeepsBackslashesDotsAndMinusSignsLiteral() throws {
        let sandbox = try Sandbox()
        let page = try sandbox.run(["manual"]).standardOutput
        for line in page.split(separator: "\n") where !line.hasPrefix(".") {
            #expect(!line.hasPrefix("'"), "a text line starts with a quote: \(line)")
            #expect(!line.contains(where: { !$0.isASCII }), "a text line holds non-ASCII: \(line)")
        }
        #expect(!page.contains(" --"), "an unescaped option name")
    }
}

/// Runs a tool from `PATH` (bash, groff) with no input.
enum Tool {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static func available(_ name: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(name)"]))?.status == 0
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        // Standard error goes to a file, so a long stream on either side cannot stall the other.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("sched-tool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let child = try Subprocess("/usr/bin/env", [name] + arguments, output: .pipe, error: .file(errorFile.path))
        let outputData = child.standardOutput!.readToEndRetrying()
        let ended = child.wait()
        let errorData = FileManager.default.contents(atPath: errorFile.path) ?? Data()
        return Result(status: ended.shellStatus,
                      output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorData, as: UTF8.self))
    }
}
