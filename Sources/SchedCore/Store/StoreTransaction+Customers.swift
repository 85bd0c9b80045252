import Foundation

extension StoreTransaction {
    /// The one upcoming appointment of the customer named `name`, with the given status. A
    /// customer whose whole name it is comes first (`"Ann"` is Ann, not Ann Lee); failing that,
    /// names with each of its words at the start of one of theirs (`"lee"` is Ann Lee). None is
    /// `notfound`; several are refused with each one listed.
    public func appointment(customer name: String, upcomingFrom from: Date,
                            status: AppointmentStatusFilter) throws -> Appointment {
        let words = SearchText.words(name)
        let found: [Appointment]
        if words.isEmpty {
            // A name of emoji or punctuation alone has no words to look up: it is matched whole.
            let whole = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !whole.isEmpty else { throw SchedError.fieldRequired("customer_name") }
            found = try appointments(customerNamed: whole, startingFrom: from, status: status, limit: Self.customerCandidates)
        } else {
            found = try appointments(matching: AppointmentSearch(
                words: words, namesOnly: true, from: from, status: status, limit: Self.customerCandidates))
        }
        let wanted = SearchText.folded(name)
        let whole = found.filter { SearchText.folded($0.customerName) == wanted }
        let candidates = whole.isEmpty ? found : whole
        guard let first = candidates.first else {
            throw SchedError.noUpcomingAppointment(name, cancelled: status == .cancelled)
        }
        guard candidates.count == 1 else {
            let zone = try homeZone()
            throw SchedError.customerAmbiguous(
                name, candidates.prefix(Self.customerListed).map { SeriesText.appointment($0, zone: zone) },
                more: found.count >= Self.customerCandidates || candidates.count > Self.customerListed)
        }
        return first
    }

    /// How many appointments of a name are read to choose from, and how many a refusal lists.
    private static var customerCandidates: Int { 200 }
    private static var customerListed: Int { 10 }
}
