import Foundation

/// The field rules for the user: a name of 1 to 100 characters, a password of at least 8.
enum UserRules {
    static let maxNameLength = 100
    static let minPasswordLength = 8
    static let maxPasswordLength = 1024

    /// The trimmed name, or the first rule it breaks.
    static func username(_ raw: String) throws -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw SchedError.usernameRequired }
        guard trimmed.unicodeScalars.count <= maxNameLength else { throw SchedError.usernameTooLong }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw SchedError.usernameHasControlCharacters
        }
        return trimmed
    }

    static func password(_ password: String) throws {
        guard !password.isEmpty else { throw SchedError.passwordRequired }
        guard password.count >= minPasswordLength else { throw SchedError.passwordTooShort }
        guard password.utf8.count <= maxPasswordLength else { throw SchedError.passwordTooLong }
    }
}
