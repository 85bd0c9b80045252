import Foundation
import SchedCore

/// Books candidates read from a file, each as `book` would, in one transaction (`import`).
/// The front end reads and decodes the file (its entries' wall times need the home zone)
/// before that transaction begins, so a large file does not hold the write lock while it is
/// parsed.
public struct ImportAppointments: UseCase {
    public static let policy = UseCasePolicy(
        needsSession: true, transaction: .opensItsOwn, changesSchedule: true, queuesSync: true, callsCalcom: false,
        recordsChange: true)
    public struct Request {
        public let candidates: [ImportCandidate]
        public let allOrNothing: Bool
        /// Whether the front end refused an entry already, which undoes an all-or-nothing import.
        public let refusedBefore: Bool

        public init(candidates: [ImportCandidate], allOrNothing: Bool, refusedBefore: Bool) {
            self.candidates = candidates
            self.allOrNothing = allOrNothing
            self.refusedBefore = refusedBefore
        }
    }

    let request: Resolving<Request>

    public init(_ request: @escaping Resolving<Request>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> (outcomes: [ImportOutcome], kept: Bool) {
        let request = try request(context.moment)
        return try context.appointments.importAppointments(
            request.candidates, allOrNothing: request.allOrNothing, refusedBefore: request.refusedBefore)
    }
}

/// The appointments an export writes: from today on, or those starting in a range, cancelled
/// ones too when asked (`export ics`); with the events those imported from a calendar came from.
public struct ExportAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let request: Resolving<(range: ResolvedRange?, includingCancelled: Bool)>

    public init(_ request: @escaping Resolving<(range: ResolvedRange?, includingCancelled: Bool)>) {
        self.request = request
    }

    /// The appointments in the range, the series of those that are occurrences, and the
    /// calendar events that those imported from a calendar came from.
    public func run(_ context: UseCaseContext) throws
        -> (appointments: [Appointment], series: [SeriesExport], imported: [UUID: ImportedEvent]) {
        let (range, includingCancelled) = try request(context.moment)
        let from = range?.start ?? context.moment.zone.startOfDay(context.moment.today)
        let chosen = try context.appointments.exportable(from: from, to: range?.end, includingCancelled: includingCancelled)
        return (chosen.appointments, try context.series.exports(for: chosen.appointments), chosen.imported)
    }
}
