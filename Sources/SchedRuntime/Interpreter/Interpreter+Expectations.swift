import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `expect VALUE OP VALUE`, `expect free` and `expect busy`.
extension Interpreter {
    func expectComparison(_ lhs: WrittenValue, _ op: ComparisonOperator, _ rhs: WrittenValue,
                          written statement: Statement, _ context: Moment) throws {
        let left = try evaluate(lhs, context)
        let right = try evaluate(rhs, context)
        guard let order = Self.compare(left, right) else {
            throw SchedError.cannotCompare(left.typeName, right.typeName)
        }
        let holds = switch op {
        case .equal: order == .same
        case .notEqual: order != .same
        case .less: order == .before
        case .lessOrEqual: order != .after && order != .unordered
        case .greater: order == .after
        case .greaterOrEqual: order != .before && order != .unordered
        }
        guard holds else {
            let written = "\(Self.describe(lhs, left, context)) \(op.rawValue) \(Self.describe(rhs, right, context))"
            throw SchedError.comparisonFailed(written, left: ValueText.short(left, zone: context.zone),
                                              right: ValueText.short(right, zone: context.zone))
        }
    }

    private static func describe(_ expression: WrittenValue, _ value: Value, _ context: Moment) -> String {
        if case .variable(let path) = expression.kind { return path.description }
        return ValueText.short(value, zone: context.zone)
    }

    enum Order { case before, same, after, unordered }

    /// How two values compare, or nil when they are of kinds that cannot be compared.
    static func compare(_ left: Value, _ right: Value) -> Order? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Order { a < b ? .before : (a == b ? .same : .after) }
        switch (left, right) {
        case (.number(let a), .number(let b)): return order(a, b)
        case (.string(let a), .string(let b)): return order(a, b)
        case (.outcome(let outcome), .string(let b)):
            guard let a = outcome.message else { return nil }
            return order(a, b)
        case (.string(let a), .outcome(let outcome)):
            guard let b = outcome.message else { return nil }
            return order(a, b)
        case (.date(let a), .date(let b)): return order(a, b)
        case (.dateTime(let a), .dateTime(let b)): return order(a, b)
        case (.duration(let a), .duration(let b)): return order(a, b)
        case (.time(let a), .time(let b)): return order(a, b)
        case (.boolean(let a), .boolean(let b)): return a == b ? .same : .unordered
        case (.appointment(let a), .appointment(let b)): return a.id == b.id ? .same : .unordered
        case (.slot(let a), .slot(let b)): return a == b ? .same : .unordered
        case (.list(let a), .list(let b)): return a == b ? .same : .unordered
        default: return nil
        }
    }

    func expectBookable(_ start: WrittenValue, _ duration: WrittenValue, free: Bool) throws {
        var what = ""
        let refusal = try perform(CheckBookable { context in
            let minutes = try self.duration(duration, context)
            _ = try AppointmentRules.validated(AppointmentChanges(durationMinutes: minutes))
            let instant = try self.instant(start, context)
            what = HumanFormat.moment(instant, zone: context.zone) + " for " + HumanFormat.duration(minutes)
            return (instant, minutes)
        })
        if let refusal, free { throw SchedError.expectedFree(what, because: refusal) }
        if refusal == nil, !free { throw SchedError.expectedBusy(what) }
    }
}
