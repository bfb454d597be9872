#include "benchmark_procedures.h"

static int64_t calls;

__attribute__((visibility("default"))) int32_t bench_procedure(int32_t count, int64_t rows, double score, int32_t flag,
                                                               const char *label) {
    calls += 1;
    return (count < 0 || rows < 0 || score < 0 || flag < 0 || label == 0) ? 1 : 0;
}

__attribute__((visibility("default"))) int64_t bench_procedure_calls(void) { return calls; }
