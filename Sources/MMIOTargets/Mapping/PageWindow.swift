import MMIOBasics
/// The page-aligned part of a file that one mapping covers: just the pages an operation needs,
/// or, for targets with an anchor, from the anchor's page on.
public struct PageWindow: Equatable, Sendable {
    /// File offset of the first mapped byte (a multiple of the page size).
    public let offset: UInt64
    public let length: UInt64

    public init(offset: UInt64, length: UInt64) {
        self.offset = offset
        self.length = length
    }

    /// The smallest window holding `length` bytes at file offset `start`.
    public static func covering(
        start: UInt64, length: UInt64, pageSize: UInt64, anchor: UInt64? = nil
    ) throws -> PageWindow {
        precondition(pageSize > 0 && pageSize & (pageSize - 1) == 0, "page size is a power of two")
        let (end, overflow) = start.addingReportingOverflow(max(length, 1))
        guard !overflow, end <= UInt64.max - pageSize else {
            throw MMIOError.usage("range at \(Hex.string(start)) overflows the address space")
        }
        var first = start & ~(pageSize - 1)
        if let anchor {
            precondition(anchor & (pageSize - 1) == 0 && anchor <= start, "anchor is a page at or before the range")
            first = anchor
        }
        let last = (end + pageSize - 1) & ~(pageSize - 1)
        return PageWindow(offset: first, length: last - first)
    }

    public var end: UInt64 { offset + length }

    public func contains(start: UInt64, length: UInt64) -> Bool {
        start >= offset && start <= end && length <= end - start
    }
}
