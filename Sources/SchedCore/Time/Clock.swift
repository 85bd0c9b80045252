import Foundation

/// The source of "now" for the domain; tests and test scripts pin it.
public protocol Clock: Sendable {
    var now: Date { get }
}
