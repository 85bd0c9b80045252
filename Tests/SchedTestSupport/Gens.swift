import PropertyBased
import SchedCore

/// Turns an optional element generator (`Gen.element(of:)`) into a plain one.
public func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.None<T?>> {
    Gen<T?>.element(of: values).map { $0! }
}

/// Generators both test targets draw from; each target adds its own in an extension.
public enum Gens {
    public static let zone = pick(ZoneCase.all)

    /// 2025-01-01, the day the default clock starts on.
    public static let firstDay = Days.parse("2025-01-01")

    /// At most 200 scalars, trimmed; never empty.
    public static func clipName(_ text: String) -> String {
        var scalars = String.UnicodeScalarView(text.unicodeScalars.prefix(200))
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        let clipped = String(scalars)
        return clipped.isEmpty ? "A" : clipped
    }
}
