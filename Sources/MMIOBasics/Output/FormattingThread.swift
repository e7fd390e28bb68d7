#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Formats and writes a dump on a second thread while the calling thread makes the accesses,
/// so that the two halves of a large text dump overlap. The accesses themselves stay on the
/// caller's thread, in order; this thread only reads the ordinary buffers they filled.
///
/// The caller fills buffers in turn (`next`, `submit`) and finally calls `finish`, which waits
/// for the formatter and reports the first error it met (a closed pipe, say).
package final class FormattingThread {
    /// What one buffer holds; a negative count tells the formatter to stop.
    struct Block {
        var address: UInt64 = 0
        var count = 0
    }

    static let depth = 4
    let buffers: [UnsafeMutableRawPointer]
    /// Written by the caller before it posts `filled`, read by the formatter after it waits.
    private let blocks = UnsafeMutablePointer<Block>.allocate(capacity: depth)
    private var free = sem_t()
    private var filled = sem_t()
    private var thread = pthread_t()
    /// Set by the formatter, read by the caller once it has joined the formatter's thread.
    private var failure: Error?
    /// Set by the formatter, read by the caller in `next` without waiting for the formatter
    /// (the first buffers are free from the start), so it is atomic.
    private let failed = Atomic<Bool>(false)
    /// The caller's count of buffers handed over.
    private var submitted = 0
    private let format: (UnsafeRawBufferPointer, UInt64) throws -> Void

    package init(bufferSize: Int, format: @escaping (UnsafeRawBufferPointer, UInt64) throws -> Void) throws {
        self.format = format
        buffers = (0..<Self.depth).map { _ in UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 64) }
        blocks.initialize(repeating: Block(), count: Self.depth)
        sem_init(&free, 0, UInt32(Self.depth))
        sem_init(&filled, 0, 0)
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&thread, nil, { context in
            let worker = Unmanaged<FormattingThread>.fromOpaque(context!).takeRetainedValue()
            worker.consume()
            return nil
        }, context) == 0 else {
            Unmanaged<FormattingThread>.fromOpaque(context).release()
            throw MMIOError.failure("cannot start the formatting thread")
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        blocks.deallocate()
        sem_destroy(&free)
        sem_destroy(&filled)
    }

    /// The next buffer to fill, once the formatter is done with it; nil after the formatter failed.
    package func next() -> UnsafeMutableRawPointer? {
        while sem_wait(&free) != 0 {}
        return failed.load(ordering: .acquiring) ? nil : buffers[submitted % Self.depth]
    }

    /// Hands the buffer `next` gave over to the formatter.
    package func submit(address: UInt64, count: Int) {
        blocks[submitted % Self.depth] = Block(address: address, count: count)
        submitted += 1
        sem_post(&filled)
    }

    /// Waits for everything submitted to be formatted; rethrows the formatter's first error.
    package func finish() throws {
        while sem_wait(&free) != 0 {}
        blocks[submitted % Self.depth] = Block(address: 0, count: -1)
        sem_post(&filled)
        pthread_join(thread, nil)
        if let failure { throw failure }
    }

    private func consume() {
        var taken = 0
        while true {
            while sem_wait(&filled) != 0 {}
            let block = blocks[taken % Self.depth]
            if block.count < 0 { return }
            if !failed.load(ordering: .relaxed) {
                do {
                    try format(UnsafeRawBufferPointer(start: buffers[taken % Self.depth], count: block.count), block.address)
                } catch {
                    failure = error
                    failed.store(true, ordering: .releasing)
                }
            }
            taken += 1
            sem_post(&free)
        }
    }
}
