@preconcurrency import CEditLine
import Foundation
import SchedRuntime

/// A line editor on libedit: emacs keys, history recalled with the arrow keys, Tab completion
/// through a `Completer`, and Ctrl-C that abandons the line being typed.
final class LineEditor {
    /// What reading a line gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line typed so far is dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case end
    }

    private let history: OpaquePointer
    private var editor: OpaquePointer?
    /// The candidates for the text before the cursor.
    var complete: ((String) -> Completions)?

    init?(historySize: Int) {
        sched_el_use_utf8()
        guard let history = sched_history_open(Int32(historySize)) else { return nil }
        self.history = history
        guard sched_el_catch_interrupts() == 0 else { return nil }
        let client = Unmanaged.passUnretained(self).toOpaque()
        editor = sched_el_open("sched", history, { editor, _ in LineEditor.tab(editor) }, client)
        if editor == nil { return nil }
    }

    deinit {
        if let editor { el_end(editor) }
        history_end(history)
    }

    /// Reads one line after showing `prompt`; the line has no newline.
    func readLine(prompt: String) -> Input {
        _ = sched_el_take_interrupt()  // a Ctrl-C while the last statement ran is spent
        sched_el_set_prompt_text(prompt)
        var count: Int32 = 0
        guard let text = el_gets(editor, &count), count > 0 else {
            if sched_el_take_interrupt() != 0 {
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                return .interrupted
            }
            FileHandle.standardOutput.write(Data("\n".utf8))
            return .end
        }
        var line = String(cString: text)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds one entry to the end of the history.
    func addHistory(_ entry: String) {
        _ = sched_history_enter(history, entry)
    }

    /// Replaces the history with `entries`, oldest first.
    func setHistory(_ entries: [String]) {
        _ = sched_history_clear(history)
        for entry in entries { addHistory(entry) }
    }

    /// Tab: a single candidate is inserted; several extend the word by what they share, or,
    /// when they share no more, are listed under the line.
    private static func tab(_ editor: OpaquePointer?) -> UInt8 {
        guard let editor, let client = sched_el_client(editor) else { return UInt8(CC_ERROR) }
        let lineEditor = Unmanaged<LineEditor>.fromOpaque(client).takeUnretainedValue()
        guard let info = el_line(editor)?.pointee, let complete = lineEditor.complete else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: length)
        let before = String(decoding: bytes, as: UTF8.self)
        let found = complete(before)
        guard !found.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let typed = String(String.UnicodeScalarView(before.unicodeScalars.suffix(found.wordLength)))
        let shared = commonPrefix(found.candidates.map(\.replacement))
        if found.candidates.count == 1 || shared.unicodeScalars.count > typed.unicodeScalars.count {
            el_deletestr(editor, Int32(found.wordLength))
            _ = el_insertstr(editor, shared)
            return UInt8(CC_REFRESH)
        }
        let list = Columns.layout(found.candidates.map(\.display), width: TerminalWidth.current())
        FileHandle.standardOutput.write(Data(("\n" + list).utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// The longest prefix all `texts` share, compared case-insensitively but taken from the first.
    static func commonPrefix(_ texts: [String]) -> String {
        guard var prefix = texts.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for text in texts.dropFirst() {
            let scalars = Array(text.unicodeScalars)
            var shared = 0
            while shared < min(prefix.count, scalars.count),
                  String(prefix[shared]).lowercased() == String(scalars[shared]).lowercased() {
                shared += 1
            }
            prefix = Array(prefix.prefix(shared))
        }
        return String(String.UnicodeScalarView(prefix))
    }
}
