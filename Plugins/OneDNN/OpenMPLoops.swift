import COneDNNLoops

/// The plugin's own loops on oneDNN's OpenMP threads (`onednn_parallel_for`): one pool of
/// threads for the primitives and the loops, instead of Dispatch's workers starting while
/// OpenMP's still spin after the previous primitive (libgomp's default wait), two pools on the
/// same cores. Without libgomp in the process the loop runs on the calling thread.
enum OpenMPLoops {
    /// Runs `body` over contiguous chunks of `0..<count` on the host's thread count (see
    /// ``ThreadCount``), at most one chunk per thread.
    static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        withoutActuallyEscaping(body) { body in
            var job = body
            withUnsafeMutablePointer(to: &job) { pointer in
                _ = onednn_parallel_for(Int64(count), Int32(clamping: ThreadCount.current), { context, begin, end in
                    let body = context!.assumingMemoryBound(to: ((Range<Int>) -> Void).self).pointee
                    body(Int(begin)..<Int(end))
                }, pointer)
            }
        }
    }
}
