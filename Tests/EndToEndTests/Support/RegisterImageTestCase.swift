import XCTest

/// Tests on a fresh 64-byte register image (`counting`: 0x00, 0x01, ... 0x3f) in a scratch folder.
class RegisterImageTestCase: XCTestCase {
    var scratch: Scratch!
    var image: String!

    override func setUpWithError() throws {
        scratch = try Scratch()
        image = try scratch.file("regs.bin", counting)
    }

    func mmio(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(arguments) }
}
