/* Private to COneDNNLoops: compile a loop once per x86-64 level (AVX-512, AVX2, baseline) and
 * let the loader pick the one the CPU runs (GCC/Clang function multiversioning). */
#ifndef ONEDNN_LOOPS_MULTIVERSION_H
#define ONEDNN_LOOPS_MULTIVERSION_H

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define OL_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define OL_MULTIVERSION
#endif

#endif
