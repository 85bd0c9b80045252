import Foundation

/// 2025-01-01T00:00:00Z, where the property tests pin the clock unless a test says otherwise.
public let defaultNow = Date(timeIntervalSince1970: 1_735_689_600)
