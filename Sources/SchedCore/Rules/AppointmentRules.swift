import Foundation

/// The field rules for appointments (validation, the first check after syntax).
public enum AppointmentRules {
    static let maxNameLength = 200
    public static let maxNoteLength = 2000
    public static let maxDurationMinutes = 1440
    /// 10000-01-01T00:00:00Z: an appointment ends before it, so that its end has a four-digit
    /// year wherever it is written (iCalendar's `DTEND`, ISO 8601 in JSON).
    static let endLimit = Date(timeIntervalSince1970: 253_402_300_800)

    /// The appointment with its name trimmed, empty note and email dropped, and its start
    /// rounded down to a whole second; throws the first rule it breaks.
    public static func validated(_ new: NewAppointment) throws -> NewAppointment {
        var valid = new
        valid.customerName = try name(new.customerName)
        try duration(new.durationMinutes)
        valid.note = try note(new.note).flatMap { $0.isEmpty ? nil : $0 }
        valid.email = try email(new.email).flatMap { $0.isEmpty ? nil : $0 }
        valid.start = new.start.wholeSeconds
        return valid
    }

    /// The changes checked and normalised like `validated(_:)`; an empty note or email stays
    /// empty, meaning "clear it".
    public static func validated(_ changes: AppointmentChanges) throws -> AppointmentChanges {
        var valid = changes
        valid.customerName = try changes.customerName.map(name)
        if let minutes = changes.durationMinutes {
            try duration(minutes)
        }
        valid.note = try note(changes.note)
        valid.email = try email(changes.email)
        valid.start = changes.start?.wholeSeconds
        return valid
    }

    /// Trimmed; 1–200 characters; no control characters.
    static func name(_ raw: String) throws -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw SchedError.nameRequired }
        guard trimmed.unicodeScalars.count <= maxNameLength else { throw SchedError.nameTooLong }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw SchedError.nameHasControlCharacters
        }
        return trimmed
    }

    /// At most 2000 characters; newlines and tabs are the only control characters allowed.
    static func note(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        guard raw.unicodeScalars.count <= maxNoteLength else { throw SchedError.noteTooLong }
        let forbidden = raw.unicodeScalars.contains { isControl($0) && $0 != "\n" && $0 != "\t" }
        guard !forbidden else { throw SchedError.noteHasControlCharacters }
        return raw
    }

    /// Trimmed; empty, or `name@domain` with a dot inside the domain and no spaces.
    static func email(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingWhitespace()
        guard trimmed.isEmpty || looksLikeEmail(trimmed) else { throw SchedError.emailMalformed }
        return trimmed
    }

    /// Ends before the year 10000 in UTC.
    static func end(start: Date, minutes: Int) throws {
        guard start.adding(minutes: minutes) < endLimit else { throw SchedError.endTooLate }
    }

    /// Positive (else `invalid`) and at most 24 hours (else `validation`).
    /// The length of a booking that gives none, until `set default duration` says otherwise.
    public static let defaultDurationMinutes = 30

    public static func duration(_ minutes: Int) throws {
        guard minutes > 0 else { throw SchedError.durationNotPositive }
        guard minutes <= maxDurationMinutes else { throw SchedError.durationTooLong }
    }

    private static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.unicodeScalars.count <= 254 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let clean = !text.unicodeScalars.contains { isControl($0) || $0.properties.isWhitespace }
        return clean && labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        // In ASCII the controls are C0 and DEL; Unicode's tables are asked only beyond it.
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control
    }
}
