#include "onednn_loops.h"

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define OL_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define OL_MULTIVERSION
#endif

/* Rows summed in float before the block's sums go into the double totals. */
#define OL_BLOCK_ROWS 64
/* Columns per pass, so a block's float sums stay in registers and L1. */
#define OL_COLUMN_TILE 256

OL_MULTIVERSION
void onednn_column_sums(const float *x, int64_t rows, int64_t columns, double *sums) {
    float block[OL_COLUMN_TILE];
    for (int64_t c0 = 0; c0 < columns; c0 += OL_COLUMN_TILE) {
        int64_t width = columns - c0 < OL_COLUMN_TILE ? columns - c0 : OL_COLUMN_TILE;
        for (int64_t r0 = 0; r0 < rows; r0 += OL_BLOCK_ROWS) {
            int64_t r1 = r0 + OL_BLOCK_ROWS < rows ? r0 + OL_BLOCK_ROWS : rows;
            for (int64_t j = 0; j < width; j++) block[j] = 0;
            for (int64_t i = r0; i < r1; i++) {
                const float *row = x + i * columns + c0;
                for (int64_t j = 0; j < width; j++) block[j] += row[j];
            }
            for (int64_t j = 0; j < width; j++) sums[c0 + j] += block[j];
        }
    }
}
