import Testing
@testable import Keras

/// Large tensor buffers are reused by size instead of being mapped (and faulted in) again.
@Suite struct LargeBufferPoolTests {
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

    @Test func smallBuffersAndFullPoolsAreNotKept() {
        let small = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
        #expect(!LargeBufferPool.give(small, size: 64))
        small.deallocate()
        #expect(LargeBufferPool.take(size: LargeBufferPool.minimumBytes - 64) == nil)
        let tooMuch = LargeBufferPool.capacityBytes + 64
        let big = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
        #expect(!LargeBufferPool.give(big, size: tooMuch))   // never held: over capacity alone
        big.deallocate()
    }
}
