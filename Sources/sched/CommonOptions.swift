import ArgumentParser

/// Options every way of running statements shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Print results as JSON, one value per line.")
    var json = false

    @Flag(name: .long, help: "Go on after a failing statement instead of stopping.")
    var keepGoing = false

    @Flag(name: .long, help: "Run the whole input in one transaction: all of it lands or none of it does.")
    var atomic = false
}
