import SchedLang
import Scheduling

extension Interpreter {
    /// The policy of the use case a statement runs (for `sync`, the strictest of those it runs),
    /// or nil for a statement of the language itself, which reads no stored data but the zone.
    /// Every case is listed, so a new statement does not compile until its author decides.
    public static func policy(of kind: StatementKind) -> UseCasePolicy? {
        switch kind {
        case .book(let booking): booking.repetition == nil ? BookAppointment.policy : BookSeries.policy
        case .cancelFollowing: CancelFollowing.policy
        case .cancelSeries: CancelSeries.policy
        case .rescheduleSeries: RescheduleSeries.policy
        case .updateSeries: UpdateSeries.policy
        case .showSeries: ShowSeries.policy
        case .listSeries: ListSeries.policy
        case .reschedule: RescheduleAppointment.policy
        case .update: UpdateAppointment.policy
        case .cancel: CancelAppointment.policy
        case .cancelEach: CancelAppointments.policy
        case .restore: RestoreAppointment.policy
        case .find: FindAppointments.policy
        case .listCancelled: ListCancelledAppointments.policy
        case .undo: UndoChanges.policy
        case .redo: RedoChange.policy
        case .history: ShowHistory.policy
        case .show: ShowAppointment.policy
        case .list: ListAppointments.policy
        case .upcoming: UpcomingAppointments.policy
        case .available, .unavailable: SetWorkingHours.policy
        case .availability: ShowWorkingHours.policy
        case .slots: FindSlots.policy
        case .setTimezone: SetHomeZone.policy
        case .setDefaultDuration: SetDefaultDuration.policy
        case .setRule: SetBookingRule.policy
        case .showSettings: ShowSettings.policy
        case .createUser: CreateUser.policy
        case .login: LogIn.policy
        case .logout: LogOut.policy
        case .whoami: WhoAmI.policy
        case .expectFree, .expectBusy: CheckBookable.policy
        case .calcomConnect: ConnectCalcom.policy
        case .calcomStatus: SyncState.policy
        case .calcomDisconnect: DisconnectCalcom.policy
        case .calcomSlots: CalcomSlots.policy
        case .sync(let action):
            switch action {
            case .all, .push: PushToCalcom.policy
            case .pull: PullFromCalcom.policy
            case .availability: PushWorkingHours.policy
            case .status: SyncState.policy
            }
        case .exportCalendar: ExportAppointments.policy
        case .agenda: ShowAgenda.policy
        case .calendar: ShowCalendar.policy
        case .importAppointments: ImportAppointments.policy
        case .letBinding(_, .statement(let inner)): policy(of: inner.kind)
        case .letBinding(_, .expression), .print, .setOutput, .setClock, .help, .expectComparison, .source,
             .expectError:
            nil
        }
    }

    /// Whether the statement runs only under a valid session.
    public static func needsSession(_ kind: StatementKind) -> Bool {
        policy(of: kind)?.needsSession ?? false
    }
}
