/*
 * The example native procedure library: usp_log_run appends one line per pipeline run to a log
 * file, so that a pipeline's last step can record what it did without a database.
 *
 *   usp_log_run(runId String, rows Int64, score Double)
 *       appends "<UTC time>\t<runId>\t<rows>\t<score>\n" to the file named by the environment
 *       variable PIPEHOST_RUN_LOG, or to .pipehost/run-log.tsv under the current folder when the
 *       variable is not set (the .pipehost folder is created when missing).
 *   usp_log_run_to(logFile String, runId String, rows Int64, score Double)
 *       the same, to the file named by its first parameter.
 *
 * Errors (returned numbers, with messages from pipehost_procedure_last_message):
 *   50001  runId is NULL or empty
 *   50002  rows is NULL or negative
 *   50003  the log file cannot be opened or written (the message names it and says why)
 *
 * Each line is written with one write() on a file opened with O_APPEND, so lines from concurrent
 * calls never interleave.
 */
#define _POSIX_C_SOURCE 200809L
#include "pipehost_procedure.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static PIPEHOST_PROCEDURE_MESSAGE_STORAGE char last_message[512];

PIPEHOST_PROCEDURE const char *pipehost_procedure_last_message(void) {
    return last_message[0] ? last_message : NULL;
}

static int32_t fail(int32_t number, const char *format, const char *argument) {
    snprintf(last_message, sizeof last_message, format, argument ? argument : "");
    return number;
}

static int32_t append_line(const char *path, const char *run_id, int64_t rows, double score) {
    last_message[0] = '\0';
    if (run_id == NULL || run_id[0] == '\0') {
        return fail(50001, "usp_log_run: runId must be a non-empty string%s", NULL);
    }
    if (rows == PIPEHOST_NULL_INT64 || rows < 0) {
        return fail(50002, "usp_log_run: rows must be zero or more%s", NULL);
    }

    char stamp[32];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);

    char line[1024];
    int length;
    if (isnan(score)) {
        length = snprintf(line, sizeof line, "%s\t%s\t%" PRId64 "\t\n", stamp, run_id, rows);
    } else {
        length = snprintf(line, sizeof line, "%s\t%s\t%" PRId64 "\t%.6g\n", stamp, run_id, rows, score);
    }
    if (length < 0 || (size_t)length >= sizeof line) {
        return fail(50001, "usp_log_run: runId is too long%s", NULL);
    }

    int file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (file < 0) {
        char reason[256];
        snprintf(reason, sizeof reason, "%s: %s", path, strerror(errno));
        return fail(50003, "usp_log_run: cannot open the run log %s", reason);
    }
    ssize_t written = write(file, line, (size_t)length);
    int saved = errno;
    close(file);
    if (written != length) {
        char reason[256];
        snprintf(reason, sizeof reason, "%s: %s", path, written < 0 ? strerror(saved) : "short write");
        return fail(50003, "usp_log_run: cannot write the run log %s", reason);
    }
    return 0;
}

PIPEHOST_PROCEDURE int32_t usp_log_run_to(const char *log_file, const char *run_id, int64_t rows, double score) {
    if (log_file == NULL || log_file[0] == '\0') {
        last_message[0] = '\0';
        return fail(50003, "usp_log_run_to: logFile must name a file%s", NULL);
    }
    return append_line(log_file, run_id, rows, score);
}

PIPEHOST_PROCEDURE int32_t usp_log_run(const char *run_id, int64_t rows, double score) {
    const char *path = getenv("PIPEHOST_RUN_LOG");
    if (path == NULL || path[0] == '\0') {
        if (mkdir(".pipehost", 0755) != 0 && errno != EEXIST) {
            last_message[0] = '\0';
            return fail(50003, "usp_log_run: cannot create the folder .pipehost: %s", strerror(errno));
        }
        path = ".pipehost/run-log.tsv";
    }
    return append_line(path, run_id, rows, score);
}
