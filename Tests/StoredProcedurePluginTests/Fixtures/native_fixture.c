/*
 * A native procedure library for the stored procedure plugin's tests: procedures that report
 * exactly what they received, fail on request, and count calls from many threads.
 */
#define _POSIX_C_SOURCE 200809L
#include "pipehost_procedure.h"

#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static PIPEHOST_PROCEDURE_MESSAGE_STORAGE char last_message[256];
static atomic_llong call_count;

PIPEHOST_PROCEDURE const char *pipehost_procedure_last_message(void) {
    return last_message[0] ? last_message : NULL;
}

static void put_int(FILE *out, const char *name, int64_t value, int64_t null_value) {
    if (value == null_value) {
        fprintf(out, "%s=NULL\n", name);
    } else {
        fprintf(out, "%s=%" PRId64 "\n", name, value);
    }
}

static void put_double(FILE *out, const char *name, double value, int digits) {
    if (isnan(value)) {
        fprintf(out, "%s=NaN\n", name);
    } else {
        fprintf(out, "%s=%.*g\n", name, digits, value);
    }
}

static void put_text(FILE *out, const char *name, const char *value) {
    fprintf(out, "%s=%s\n", name, value ? value : "NULL-POINTER");
}

/* Writes every argument, one "name=value" line each, to the file named by `out`. */
PIPEHOST_PROCEDURE int32_t usp_all_types(const char *out_path, int16_t i16, int32_t i32, int64_t i64, double dbl,
                                         float sgl, int32_t flag, double dec, const char *text, const char *guid,
                                         const char *date, const char *date_time, const char *offset,
                                         const char *span) {
    last_message[0] = '\0';
    FILE *out = fopen(out_path, "w");
    if (out == NULL) {
        snprintf(last_message, sizeof last_message, "cannot open %s", out_path ? out_path : "(null)");
        return 3;
    }
    put_int(out, "int16", i16, PIPEHOST_NULL_INT16);
    put_int(out, "int32", i32, PIPEHOST_NULL_INT32);
    put_int(out, "int64", i64, PIPEHOST_NULL_INT64);
    put_double(out, "double", dbl, 17);
    put_double(out, "single", (double)sgl, 9);
    put_int(out, "boolean", flag, PIPEHOST_NULL_INT32);
    put_double(out, "decimal", dec, 17);
    put_text(out, "string", text);
    put_text(out, "guid", guid);
    put_text(out, "date", date);
    put_text(out, "dateTime", date_time);
    put_text(out, "dateTimeOffset", offset);
    put_text(out, "timeSpan", span);
    fclose(out);
    return 0;
}

/* Fails with `number` and, unless it is NULL, `message`. */
PIPEHOST_PROCEDURE int32_t usp_fail(int32_t number, const char *message) {
    if (message) {
        snprintf(last_message, sizeof last_message, "%s", message);
    } else {
        last_message[0] = '\0';
    }
    return number;
}

PIPEHOST_PROCEDURE int32_t usp_no_arguments(void) { return 0; }

/* Called as [audit].[usp_in_schema]. */
PIPEHOST_PROCEDURE int32_t audit__usp_in_schema(int32_t value) { return value == 7 ? 0 : 1; }

PIPEHOST_PROCEDURE int32_t usp_count(void) {
    atomic_fetch_add(&call_count, 1);
    return 0;
}

/* Succeeds when usp_count ran exactly `expected` times since the last reset; resets the count. */
PIPEHOST_PROCEDURE int32_t usp_take_count(int64_t expected) {
    long long seen = atomic_exchange(&call_count, 0);
    if (seen != expected) {
        snprintf(last_message, sizeof last_message, "counted %lld calls, expected %" PRId64, seen, expected);
        return 1;
    }
    return 0;
}
