/// Every error message of a failing statement: the seed design's word for word, then the
/// runtime's own (variables, `source`, expectations).
extension SchedError {
    // MARK: auth (401)

    public static let invalidCredentials = SchedError(.auth, "Invalid username or password")
    public static let tokenExpired = SchedError(.auth, "Token has expired")
    public static let authenticationRequired = SchedError(.auth, "Authentication required")
    /// `sched login` on a database whose user has not been made.
    public static let noUserYet = SchedError(.auth, "This database has no user yet")

    /// `"Too many failed logins; try again in 30 seconds"`.
    public static func loginLocked(seconds: Int) -> SchedError {
        let wait = seconds >= 120 ? "\((seconds + 59) / 60) minutes" : "\(seconds) second\(seconds == 1 ? "" : "s")"
        return SchedError(.auth, "Too many failed logins; try again in \(wait)")
    }

    // MARK: conflict (409)

    public static let slotAlreadyBooked = SchedError(.conflict, "Time slot is already booked")
    public static let userExists = SchedError(.conflict, "A user already exists")

    // MARK: invalid (400)

    public static let timeNotAvailable = SchedError(.invalid, "Selected time is not available")
    public static let bookingInPast = SchedError(.invalid, "Cannot book appointments in the past")
    public static let durationNotPositive = SchedError(.invalid, "Duration must be positive")

    /// `"Appointment 12 is cancelled"`.
    public static func appointmentCancelled(_ number: Int) -> SchedError {
        SchedError(.invalid, "Appointment \(number) is cancelled")
    }

    /// `"2025-03-30T02:30 does not exist in Europe/Berlin (the clocks skip forward that night)"`.
    public static func timeInGap(_ wall: String, zone: String) -> SchedError {
        SchedError(.invalid, "\(clip(wall)) does not exist in \(clip(zone)) (the clocks skip forward that night)")
    }

    // MARK: validation (422)

    /// `"customer_name: Field is required"`.
    public static func fieldRequired(_ field: String) -> SchedError {
        SchedError(.validation, "\(field): Field is required")
    }

    /// `"email: must be an email address such as name@example.com"`.
    public static func fieldFormat(_ field: String, _ requirement: String) -> SchedError {
        SchedError(.validation, "\(field): \(requirement)")
    }

    /// `"customer_name: must be between 1 and 200 characters"`.
    public static func fieldRange(_ field: String, _ low: String, _ high: String) -> SchedError {
        SchedError(.validation, "\(field): must be between \(low) and \(high)")
    }

    /// `"timezone: unknown time zone 'Berlin'; did you mean 'Europe/Berlin'?"`.
    public static func unknownTimeZone(_ name: String, suggestion: String? = nil) -> SchedError {
        fieldFormat("timezone", "unknown time zone '\(clip(name))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }

    /// `"windows: 09:00-12:00 and 11:00-13:00 overlap"`.
    public static func windowsOverlap(_ first: TimeWindow, _ second: TimeWindow) -> SchedError {
        fieldFormat("windows", "\(first) and \(second) overlap")
    }

    /// `"windows: 17:00-09:00 must end after it starts"`.
    public static func windowInvalid(_ window: TimeWindow) -> SchedError {
        fieldFormat("windows", "\(window) must end after it starts")
    }

    /// `"windows: must be between 00:00 and 24:00"`.
    public static let windowOutOfDay = fieldRange("windows", "00:00", "24:00")

    // Field requirements of users.
    public static let usernameRequired = fieldRequired("username")
    public static let usernameTooLong = fieldRange("username", "1", "100 characters")
    public static let usernameHasControlCharacters = fieldFormat("username", "must not contain control characters")
    public static let passwordRequired = fieldRequired("password")
    public static let passwordTooShort = fieldFormat("password", "must be at least 8 characters")
    public static let passwordTooLong = fieldFormat("password", "must be at most 1024 characters")

    // Field requirements used by the appointment rules.
    public static let nameRequired = fieldRequired("customer_name")
    public static let nameTooLong = fieldRange("customer_name", "1", "200 characters")
    public static let nameHasControlCharacters = fieldFormat("customer_name", "must not contain control characters")
    public static let noteTooLong = fieldRange("note", "0", "2000 characters")
    public static let noteHasControlCharacters =
        fieldFormat("note", "must not contain control characters other than newline and tab")
    public static let emailMalformed = fieldFormat("email", "must be an email address such as name@example.com")
    public static let durationTooLong = fieldRange("duration_minutes", "1", "1440")
    /// iCalendar writes a year in four digits, so an appointment ends within the year 9999.
    public static let endTooLate = fieldFormat("end_time", "must be no later than 9999-12-31T23:59:59Z")
    public static let stepTooLong = fieldRange("every", "1", "1440")
    public static let limitNegative = fieldFormat("limit", "must not be negative")

    // MARK: notfound (404)

    /// `"Appointment 12 not found"`.
    public static func appointmentNotFound(_ ref: String) -> SchedError {
        SchedError(.notfound, "Appointment \(clip(ref)) not found")
    }

    /// `"Selected time is not available (Sun 9 Mar 2025 is closed); try 'slots on 2025-03-09'"`:
    /// the seed's refusal with the hours of the day, and where to find a time that works.
    public static func hoursRefusal(day: String, date: String, windows: [String], byOverride: Bool) -> SchedError {
        let hours = windows.isEmpty ? "\(day) is closed" : "\(day) has hours \(windows.joined(separator: ", "))"
        let reason = hours + (byOverride ? " by an override" : "")
        return SchedError(.invalid, "\(timeNotAvailable.message) (\(reason)); try 'slots on \(date)'")
    }

    /// `"No upcoming appointment for "Ann""`.
    public static func noUpcomingAppointment(_ name: String, cancelled: Bool) -> SchedError {
        SchedError(.notfound, "No upcoming \(cancelled ? "cancelled " : "")appointment for \"\(clip(name))\"")
    }

    /// Each appointment a name could mean, a line each, with the number that names it alone.
    public static func customerAmbiguous(_ name: String, _ lines: [String], more: Bool) -> SchedError {
        var message = "\"\(clip(name))\" names more than one upcoming appointment; give its number:"
        for line in lines {
            message += "\n  " + line
        }
        if more {
            message += "\n  …"
        }
        return SchedError(.invalid, message)
    }

    /// `"find: "--" has no letters or digits to look for"`.
    public static func searchWithoutWords(_ text: String) -> SchedError {
        fieldFormat("find", "\"\(clip(text))\" has no letters or digits to look for")
    }

    /// `"Appointment 12 is not cancelled"`: what `restore` says of a booked one.
    public static func appointmentNotCancelled(_ number: Int) -> SchedError {
        SchedError(.invalid, "Appointment \(number) is not cancelled")
    }

    // MARK: booking rules

    /// `"Cannot book within 2h of now (minimum notice)"`.
    public static func minimumNotice(_ notice: String) -> SchedError {
        SchedError(.invalid, "Cannot book within \(notice) of now (minimum notice)")
    }

    /// `"Cannot book more than 60 days ahead (booking window)"`.
    public static func bookingWindow(_ days: Int) -> SchedError {
        SchedError(.invalid, "Cannot book more than \(days) day\(days == 1 ? "" : "s") ahead (booking window)")
    }

    /// `"Time slot is too close to #12 Ann, Tue 4 Mar 2025 10:00–10:30 (buffer: 10m before, 5m after)"`.
    public static func bufferRefusal(_ appointment: String, before: String, after: String) -> SchedError {
        SchedError(.conflict, "Time slot is too close to \(appointment) (buffer: \(before) before, \(after) after)")
    }

    /// `"Cannot book more than 6 appointments on Tue 4 Mar 2025 (limit per day)"`.
    public static func dayLimit(_ limit: Int, on day: String) -> SchedError {
        SchedError(.conflict, "Cannot book more than \(limit) appointment\(limit == 1 ? "" : "s") on \(day) (limit per day)")
    }

    /// `"Cannot book more than 20 appointments in the week of Mon 3 Mar 2025 (limit per week)"`.
    public static func weekLimit(_ limit: Int, weekOf day: String) -> SchedError {
        SchedError(.conflict,
                   "Cannot book more than \(limit) appointment\(limit == 1 ? "" : "s") in the week of \(day) (limit per week)")
    }

    /// What `sync availability` says of the limits it sends: Cal.com counts per event type.
    public static func calcomCountsItsOwnLimits(_ slug: String) -> String {
        "Cal.com counts the limits per event type: bookings sched holds that are not '\(clip(slug))' bookings there do not count"
    }

    /// `"limit: must be between 1 and 1000"` and the like, for a rule's value.
    public static func ruleRange(_ field: String, _ low: String, _ high: String) -> SchedError {
        fieldRange(field, low, high)
    }

    // MARK: the journal

    public static let nothingToUndo = SchedError(.invalid, "Nothing to undo")
    public static let nothingToRedo = SchedError(.invalid, "Nothing to redo")

    /// `"Change 12 not found"`.
    public static func changeNotFound(_ id: Int) -> SchedError {
        SchedError(.notfound, "Change \(id) not found")
    }

    /// `"Change 12 is already undone"`, or cannot be redone any more.
    public static func changeNotInEffect(_ id: Int, _ state: JournalState) -> SchedError {
        switch state {
        case .done: SchedError(.invalid, "Change \(id) is in effect")
        case .undone: SchedError(.invalid, "Change \(id) is already undone")
        case .dropped: SchedError(.invalid, "Change \(id) was undone and a later change took its place")
        }
    }

    /// `"Cannot undo change 12: Time slot is already booked (#14 Bob, …)"`.
    public static func undoRefused(_ id: Int, _ reason: SchedError) -> SchedError {
        SchedError(reason.kind, "Cannot undo change \(id): \(reason.message)")
    }

    public static func redoRefused(_ id: Int, _ reason: SchedError) -> SchedError {
        SchedError(reason.kind, "Cannot redo change \(id): \(reason.message)")
    }

    // MARK: series

    /// `"Time slot is already booked (#12 Ann, Tue 4 Mar 2025 10:00–10:30)"`: the seed's conflict,
    /// naming what is in the way where the statement cannot point at it (one of many occurrences).
    public static func slotTakenBy(_ appointment: String) -> SchedError {
        SchedError(.conflict, "\(slotAlreadyBooked.message) (\(appointment))")
    }

    /// Every refused occurrence of a series, one a line, each with its reason.
    public static func seriesRefused(_ lines: [String], total: Int, canSkip: Bool, kind: ErrorKind) -> SchedError {
        let count = lines.count
        var message = "Series not booked: \(count) of \(total) occurrence\(total == 1 ? "" : "s") cannot be booked"
        for line in lines {
            message += "\n  " + line
        }
        if canSkip {
            message += "\nAdd 'skip conflicts' to book the other \(total - count)"
        }
        return SchedError(kind, message)
    }

    public static let seriesWithoutOccurrences = SchedError(.invalid, "The rule gives no occurrence to book")

    /// `"Cannot book appointments in the past (12 occurrences before now)"`: an imported
    /// series' history, reported as one.
    public static func pastOccurrences(_ count: Int) -> SchedError {
        SchedError(.invalid, "\(bookingInPast.message) (\(count) occurrence\(count == 1 ? "" : "s") before now)")
    }

    /// An imported override (RECURRENCE-ID) of an occurrence its rule does not give.
    public static let overrideWithoutOccurrence = SchedError(
        .invalid, "RECURRENCE-ID names no occurrence of its series from now on")

    /// `"Appointment 12 is not an occurrence of a series"`.
    public static func notInSeries(_ number: Int) -> SchedError {
        SchedError(.invalid, "Appointment \(number) is not an occurrence of a series")
    }

    /// `"The series of appointment 12 is cancelled"`.
    public static func seriesCancelled(_ number: Int) -> SchedError {
        SchedError(.invalid, "The series of appointment \(number) is cancelled")
    }

    /// `"The series of appointment 12 has no occurrence from now on"`.
    public static func seriesHasNoFuture(_ number: Int) -> SchedError {
        SchedError(.invalid, "The series of appointment \(number) has no occurrence from now on")
    }

    /// A series edit the rule cannot express: `"reschedule series cannot move FREQ=MONTHLY;BYSETPOS=-1
    /// by 3 days; cancel it from an occurrence on ('cancel 12 and following') and book a new one"`.
    public static func seriesCannotMove(_ rule: String, days: Int, number: Int) -> SchedError {
        SchedError(.invalid, "reschedule series cannot move \(clip(rule)) by \(days) day\(abs(days) == 1 ? "" : "s"); "
            + "cancel it from an occurrence on ('cancel \(number) and following') and book a new one")
    }

    // MARK: unavailable (503) and internal (500)

    /// `"Database unavailable: database is locked"`.
    /// A `postgres://` location in a program built without the PostgreSQL store (`sched` and
    /// `sched-serve` have it; a harness of the language alone does not).
    public static func serverStoreNotLinked(_ location: String) -> SchedError {
        databaseUnavailable("\(location): this program was built without the PostgreSQL store")
    }

    public static func databaseUnavailable(_ detail: String) -> SchedError {
        SchedError(.unavailable, "Database unavailable: \(detail)")
    }

    /// `sched login` could not keep its session in `$XDG_STATE_HOME/sched/session`.
    public static func sessionFileUnwritable(_ path: String) -> SchedError {
        SchedError(.unavailable, "cannot write the session file \(path)")
    }

    /// `"Transaction failed: ..."`; the transaction has been rolled back.
    public static func transactionFailed(_ detail: String) -> SchedError {
        SchedError(.internal, "Transaction failed: \(detail)")
    }

    // Details of storage failures; SQLite's own message, never the SQL or its bound values.
    public static func cannotCreateDirectory(_ path: String) -> SchedError {
        databaseUnavailable("cannot create directory \(path)")
    }

    public static func missingDirectory(_ path: String) -> SchedError {
        databaseUnavailable("directory \(path) does not exist")
    }

    public static func notADirectory(_ path: String) -> SchedError {
        databaseUnavailable("\(path) is a file, not a directory")
    }

    public static func cannotCreateFile(_ path: String, reason: String) -> SchedError {
        databaseUnavailable("cannot create \(path): \(reason)")
    }

    public static func databaseFileDeleted(_ path: String) -> SchedError {
        databaseUnavailable("the file \(path) was deleted while sched had it open")
    }

    public static func databaseFileReplaced(_ path: String) -> SchedError {
        databaseUnavailable("the file \(path) was replaced by another file while sched had it open")
    }

    /// `"Database unavailable: sched.db was made by a newer sched (migration 'v9-rooms' is unknown to this one)"`.
    public static func newerSchedDatabase(_ path: String, migration: String) -> SchedError {
        databaseUnavailable("\(path) was made by a newer sched (migration '\(clip(migration))' is unknown to this one)")
    }

    public static func newerSchedDatabase(_ path: String, userVersion: Int, known: Int) -> SchedError {
        databaseUnavailable("\(path) was made by a newer sched (its user_version is \(userVersion); this sched's is \(known))")
    }

    public static func notASchedDatabase(_ path: String) -> SchedError {
        databaseUnavailable("\(path) is an SQLite database but not sched's (it has tables and no sched schema)")
    }

    public static func sqliteFailure(_ message: String?, code: Int) -> SchedError {
        transactionFailed(message ?? "SQLite error \(code)")
    }

    public static func malformedRow(_ table: String) -> SchedError {
        transactionFailed("a row of \(table) is malformed")
    }

    public static let atomicRunRolledBack = transactionFailed("the atomic transaction was rolled back")
    /// Thrown inside an all-or-nothing import to undo it; never reaches the user.
    public static let importUndone = transactionFailed("the import was undone")

    // MARK: Cal.com

    public static let calcomNotConnected = SchedError(.invalid, "Cal.com is not connected; use 'calcom connect' first")
    public static let calcomKeyRequired = fieldRequired("key")
    public static let calcomKeyMalformed = fieldFormat("key", "must be a Cal.com API key starting with cal_")
    public static let calcomEventTypeRequired = fieldRequired("event_type")
    public static let calcomEventTypeInvalid = fieldFormat("event_type", "must be a positive whole number")
    public static let calcomURLInvalid =
        fieldFormat("url", "must be an https:// address (http:// only for localhost)")

    /// Cal.com is outside the transaction of an `--atomic` run, which could still roll back.
    public static let calcomInsideAtomicRun =
        SchedError(.invalid, "Cal.com statements cannot run inside an --atomic run; its changes are sent once it commits")
    /// `sched test` never sends a key to Cal.com's own address by default.
    public static let calcomTestNeedsAddress =
        SchedError(.invalid, "in sched test, calcom connect needs url or CALCOM_API_URL; it does not reach api.cal.com by default")

    /// `"Cal.com unreachable: the request timed out"`.
    public static func calcomUnreachable(_ detail: String) -> SchedError {
        SchedError(.unavailable, "Cal.com unreachable: \(clip(detail, limit: 200))")
    }

    /// `"Cal.com rate limit reached; try again in 60 seconds"`.
    public static func calcomRateLimited(seconds: Int?) -> SchedError {
        let wait = seconds.map { " in \($0) second\($0 == 1 ? "" : "s")" } ?? " later"
        return SchedError(.unavailable, "Cal.com rate limit reached; try again" + wait)
    }

    /// `"Cal.com refused the API key: …"`.
    public static func calcomKeyRefused(_ detail: String) -> SchedError {
        SchedError(.auth, "Cal.com refused the API key: \(clip(detail, limit: 200))")
    }

    /// `"Cal.com refused the request (HTTP 400): …"`.
    public static func calcomRefused(status: Int, _ detail: String) -> SchedError {
        SchedError(.invalid, "Cal.com refused the request (HTTP \(status)): \(clip(detail, limit: 200))")
    }

    public static func calcomInvalidResponse(_ detail: String) -> SchedError {
        SchedError(.unavailable, "Cal.com sent a reply sched cannot read: \(clip(detail, limit: 200))")
    }

    /// `"Event type 123 not found on Cal.com for jane"`.
    public static func calcomEventTypeNotFound(_ id: Int, username: String) -> SchedError {
        SchedError(.notfound, "Event type \(id) not found on Cal.com for \(clip(username))")
    }

    /// The error a failed call to Cal.com is reported as.
    public static func calcom(_ error: RemoteCalendarError) -> SchedError {
        switch error {
        case .unreachable(let detail): calcomUnreachable(detail)
        case .rateLimited(let wait): calcomRateLimited(seconds: wait.map { Int($0.rounded(.up)) })
        case .unauthorized(let detail): calcomKeyRefused(detail)
        case .refused(let status, let detail): calcomRefused(status: status, detail)
        case .invalidResponse(let detail): calcomInvalidResponse(detail)
        }
    }

    // MARK: scripts, variables and expectations (raised by the runtime)

    public static func undefinedVariable(_ name: String) -> SchedError {
        SchedError(.invalid, "$\(clip(name)) is not defined")
    }

    /// `"an appointment has no field 'custmer'; did you mean 'customer'? Its fields: id, number, …"`.
    public static func noSuchField(_ field: String, on typeName: String, suggestion: String?, fields: [String]) -> SchedError {
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
        let listing = fields.isEmpty ? "; it has no fields" : (suggestion == nil ? "; its" : " Its") + " fields: " + fields.joined(separator: ", ")
        return SchedError(.invalid, "\(typeName) has no field '\(clip(field))'" + hint + listing)
    }

    public static func emptyList(_ field: String) -> SchedError {
        SchedError(.invalid, "the list is empty, so it has no \(clip(field)) item")
    }

    /// `"date: must be between 0001-01-01 and 9999-12-31"`.
    public static let dateOutOfRange = fieldRange("date", "0001-01-01", "9999-12-31")

    public static func indexOutOfRange(_ index: Int, count: Int) -> SchedError {
        SchedError(.invalid, "index \(index) is out of range for a list of \(count)")
    }

    public static func wrongType(expected: String, found typeName: String, in path: String) -> SchedError {
        SchedError(.invalid, "expected \(expected), but \(clip(path)) is \(typeName)")
    }

    public static let setClockOutsideTests = SchedError(.invalid, "set clock is only allowed in test scripts run by 'sched test'")

    public static let rangeBackwards = SchedError(.validation, "range: must end after it starts")

    public static func rangeTooLong(days: Int) -> SchedError {
        SchedError(.validation, "range: must be between 1 and \(days) days")
    }

    public static func invalidReference(_ text: String) -> SchedError {
        SchedError(.validation, "appointment: must be an appointment number or id, not '\(clip(text))'")
    }

    public static func fileUnreadable(_ path: String, reason: String) -> SchedError {
        SchedError(.notfound, "cannot read '\(clip(path))': \(reason)")
    }

    public static func fileUnwritable(_ path: String, reason: String) -> SchedError {
        SchedError(.invalid, "cannot write '\(clip(path))': \(reason)")
    }

    /// `export ics` names a directory; nothing is written into it.
    public static func exportTargetIsDirectory(_ path: String) -> SchedError {
        fileUnwritable(path, reason: "it is a directory")
    }

    /// `sched backup FILE` on a file that is there: it may be the only other copy.
    public static func backupTargetExists(_ path: String) -> SchedError {
        fileUnwritable(path, reason: "the file exists, and a backup never replaces one")
    }

    /// `sched copy --to FILE` on a file that is there.
    public static func copyTargetExists(_ path: String) -> SchedError {
        fileUnwritable(path, reason: "the file exists, and a copy never replaces one")
    }

    /// `sched copy` into a database that holds more than a fresh one's defaults.
    public static func copyTargetHoldsData(_ location: String, table: String) -> SchedError {
        SchedError(.conflict, "Cannot copy into \(location): it already holds a schedule (rows in \(table)); "
            + "copy only into a new file or an empty database")
    }

    /// The rows a copy wrote differ from those the source counted: nothing was kept.
    public static func copyCountsDiffer(_ table: String, expected: Int, copied: Int) -> SchedError {
        transactionFailed("the copy of \(table) holds \(copied) rows where the source holds \(expected); nothing was copied")
    }

    /// A journal row names a row by a number that nothing names any more.
    public static func copyJournalRowUnnamed(_ table: String, row: Int64) -> SchedError {
        transactionFailed("the journal names row \(row) of \(table), which no longer exists; nothing was copied")
    }

    /// A file `import` cannot read as a whole: not a calendar, not closed, a bad CSV header.
    public static func importFileInvalid(_ path: String, line: Int, _ detail: String) -> SchedError {
        SchedError(.validation, "'\(clip(path))'\(line > 0 ? " line \(line)" : ""): \(clip(detail, limit: 200))")
    }

    /// An import that kept its good entries but refused others, which fails a script run.
    /// `sync push` that ended with changes still in the outbox: Cal.com's last error, and how
    /// many are left.
    public static func pushLeftChangesQueued(_ error: SchedError, remaining: Int) -> SchedError {
        SchedError(error.kind, error.message + "; \(remaining) change\(remaining == 1 ? "" : "s") still queued")
    }

    public static func importPartlyRefused(_ path: String, refused: Int, of total: Int) -> SchedError {
        SchedError(.validation, "import refused \(refused) of \(total) entr\(total == 1 ? "y" : "ies") in '\(clip(path))'"
            + (refused < total ? "; the others were imported" : ""))
    }

    /// An imported event across midnight, outside windows that run on through it.
    public static let importCrossesMidnight = SchedError(
        .invalid, "Selected time is not available: the event crosses midnight, and is not inside working hours on both days")

    /// An `atomic` import with a refused entry: nothing was imported.
    public static func importRefused(_ path: String, refused: Int, of total: Int, first: String) -> SchedError {
        SchedError(.validation, "import refused: \(refused) of \(total) entr\(total == 1 ? "y" : "ies") in '\(clip(path))' "
            + "cannot be booked, so nothing was imported (\(clip(first, limit: 200)))")
    }

    public static func sourceTooDeep(limit: Int) -> SchedError {
        SchedError(.invalid, "source: files nest more than \(limit) deep")
    }

    public static func sourceStopped(_ path: String) -> SchedError {
        SchedError(.invalid, "'\(clip(path))' stopped at a failing statement")
    }

    public static func sourceHasSyntaxErrors(_ path: String, count: Int) -> SchedError {
        SchedError(.syntax, "'\(clip(path))' has \(count) syntax error\(count == 1 ? "" : "s")")
    }

    public static func noHelp(_ topic: String, suggestion: String?) -> SchedError {
        SchedError(.notfound, "no help for '\(clip(topic))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }

    // MARK: - Expectations

    public static let expectedErrorButSucceeded = SchedError(.expectation, "expected an error, but the statement succeeded")

    public static let expectedErrorWithoutStatement = SchedError(.expectation, "expected an error, but no statement came before")

    public static func expectedDifferentError(wanted: String, got: SchedError) -> SchedError {
        SchedError(.expectation, "expected error \(wanted), but the statement failed with: \(got.message) [\(got.kind.rawValue)]")
    }

    public static func comparisonFailed(_ written: String, left: String, right: String) -> SchedError {
        SchedError(.expectation, "expectation failed: \(clip(written, limit: 120)) (left side: \(clip(left)); right side: \(clip(right)))")
    }

    public static func cannotCompare(_ left: String, _ right: String) -> SchedError {
        SchedError(.expectation, "cannot compare \(left) with \(right)")
    }

    public static func expectedFree(_ what: String, because reason: SchedError) -> SchedError {
        SchedError(.expectation, "expected \(clip(what)) to be free, but: \(reason.message) [\(reason.kind.rawValue)]")
    }

    public static func expectedBusy(_ what: String) -> SchedError {
        SchedError(.expectation, "expected \(clip(what)) to be busy, but it is free")
    }

    /// User text as it is quoted in a message: control characters replaced, at most `limit`
    /// characters, so a 10 MB name gives a one-line error.
    public static func clip(_ text: String, limit: Int = 60) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            scalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
        }
        let clipped = String(scalars)
        return text.unicodeScalars.count > limit ? clipped + "…" : clipped
    }
}
