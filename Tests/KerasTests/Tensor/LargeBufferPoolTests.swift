import Glibc
import Testing
import Keras
@testable import KerasCore

/// Large tensor buffers are reused by size instead of being mapped (and faulted in) again.
@Suite(.serialized) struct LargeBufferPoolTests {
    // An unusual size, so no other test running in parallel competes for the same block.
    let elements = (8 << 20) / 4 + 1040

    @Test func aFreedLargeBufferServesTheNextTensorOfItsSize() {
        var first: UnsafeMutableRawPointer?
        do {
            let t = Tensor(shape: [elements], repeating: 3, dtype: .float32)
            first = t.storage.pointer
            #expect(t.element(elements - 1) == 3)
        }
        let again = Tensor(uninitializedShape: [elements], dtype: .float32)
        #expect(again.storage.pointer == first)
        // A tensor filled after reuse holds its own values, not the old ones.
        let zeros = Tensor(shape: [elements], repeating: 0, dtype: .float32)
        #expect(zeros.element(0) == 0 && zeros.element(elements - 1) == 0)
    }

    @Test func smallAndOversizedBuffersAreNotKept() {
        let small = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
        #expect(!LargeBufferPool.give(small, size: 64))
        small.deallocate()
        #expect(LargeBufferPool.take(size: LargeBufferPool.minimumBytes - 64) == nil)
        let big = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
        #expect(!LargeBufferPool.give(big, size: LargeBufferPool.capacityBytes + 64))
        big.deallocate()
    }

    @Test func aFullPoolFreesItsOldestBuffersForTheNewOne() {
        // Fill the pool with blocks of one unusual size, then return one of another size.
        let old = LargeBufferPool.minimumBytes + 8 * 64
        let blocks = LargeBufferPool.capacityBytes / old
        for _ in 0..<blocks {
            #expect(LargeBufferPool.give(malloc(old)!, size: old))
        }
        let newSize = LargeBufferPool.minimumBytes + 16 * 64
        let fresh = malloc(newSize)!
        #expect(LargeBufferPool.give(fresh, size: newSize))
        #expect(LargeBufferPool.heldBytes <= LargeBufferPool.capacityBytes)
        #expect(LargeBufferPool.take(size: newSize) == fresh)
        free(fresh)
    }
}
