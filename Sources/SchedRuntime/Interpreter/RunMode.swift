/// How statements reach the runtime, which decides what a failure does and whether the clock can move.
public enum RunMode: Sendable {
    /// Script files, `-c` and piped input: the first failure stops the run.
    case batch
    /// `sched test`: a fresh database and a virtual clock that `set clock` moves.
    case test
    /// A person at the prompt: a failure is shown and the session goes on.
    case interactive
}
