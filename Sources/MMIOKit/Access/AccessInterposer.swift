/// The test seam below the access module: when one is installed, every load and store goes
/// to it instead of to mapped memory (as swift-mmio's interposer does). Nothing is opened.
public protocol AccessInterposer: AnyObject {
    func load(_ width: Width, at address: UInt64) -> UInt64
    func store(_ value: UInt64, _ width: Width, at address: UInt64)
}
