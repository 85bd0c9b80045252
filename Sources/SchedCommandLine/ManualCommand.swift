import ArgumentParser

/// `sched manual`: prints the `sched(1)` manual page in roff, for `sched manual | man -l -`.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the sched(1) manual page in roff; view it with: sched manual | man -l -"
    )

    func run() throws {
        print(ManualPage.text(), terminator: "")
    }
}
