#ifndef BENCHMARK_PROCEDURES_H
#define BENCHMARK_PROCEDURES_H
#include <stdint.h>

/** A 5-argument native procedure that does almost nothing, so a call measures the call itself. */
int32_t bench_procedure(int32_t count, int64_t rows, double score, int32_t flag, const char *label);

/** How many times bench_procedure ran, so the calls cannot be optimised away. */
int64_t bench_procedure_calls(void);
#endif
