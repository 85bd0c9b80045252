/// The version `sched --version` and the REPL banner show.
public enum SchedVersion {
    public static let current = "0.1.0"
}
