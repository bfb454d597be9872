/*
 * pipehost_procedure.h — the contract of a pipehost native procedure library.
 *
 * A native procedure library is a shared library whose exported functions pipehost's
 * SqlServerStoredProcedure activity calls as stored procedures, when the activity's linked
 * service is of type "NativeProcedureLibrary" (docs/stored-procedures.md). This header is all a
 * library needs; it declares nothing that the library must link against.
 *
 * THE PROCEDURE
 *   int32_t <symbol>(arguments...);
 *   - <symbol> is the stored procedure name without brackets or quotes: "usp_log_run",
 *     "[dbo].[usp_log_run]" and "public.usp_log_run" call usp_log_run; another schema is joined
 *     with two underscores: "[audit].[usp_log_run]" calls audit__usp_log_run.
 *   - The arguments are the activity's storedProcedureParameters in the order the JSON writes
 *     them, typed by each parameter's "type":
 *       Int16                   int16_t         NULL passes PIPEHOST_NULL_INT16
 *       Int32 / Int             int32_t         NULL passes PIPEHOST_NULL_INT32
 *       Int64                   int64_t         NULL passes PIPEHOST_NULL_INT64
 *       Boolean                 int32_t (1, 0)  NULL passes PIPEHOST_NULL_INT32
 *       Double / Decimal        double          NULL passes NaN (isnan)
 *       Single                  float           NULL passes NaN (isnan)
 *       String (or no type), Guid, Date, DateTime, DateTimeOffset, TimeSpan
 *                               const char *    UTF-8, NUL-terminated, valid during the call;
 *                                               NULL passes a NULL pointer
 *       Byte[]                  not passed: the activity fails before calling
 *   - It returns 0 for success, otherwise an error number; the activity then fails with ADF's
 *     code 2402 and "Execution fail against sql server. Sql error number: <n>. Error Message: <m>".
 *   - It may be called from several threads at once: make it thread-safe.
 *   - It runs inside the pipehost process: it must not exit, crash, or write to stdout.
 *
 * THE MESSAGE (optional)
 *   const char *pipehost_procedure_last_message(void);
 *   - Called on the same thread right after a procedure returned non-zero; returns the message
 *     for that failure (UTF-8, NUL-terminated), or NULL. Keep it in thread-local storage
 *     (PIPEHOST_PROCEDURE_MESSAGE_STORAGE below) so concurrent calls keep their own messages.
 *
 * Build with default visibility for the procedures (or -fvisibility=hidden plus
 * PIPEHOST_PROCEDURE on each exported function):
 *   cc -std=c11 -shared -fPIC -fvisibility=hidden -I <this folder> procs.c -o libprocs.so
 */
#ifndef PIPEHOST_PROCEDURE_H
#define PIPEHOST_PROCEDURE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a function as exported (a procedure or pipehost_procedure_last_message). */
#define PIPEHOST_PROCEDURE __attribute__((visibility("default")))

/** What a NULL value passes for the integer and Boolean types. */
#define PIPEHOST_NULL_INT16 INT16_MIN
#define PIPEHOST_NULL_INT32 INT32_MIN
#define PIPEHOST_NULL_INT64 INT64_MIN

/** Thread-local storage for the last message, one per thread. */
#define PIPEHOST_PROCEDURE_MESSAGE_STORAGE _Thread_local

/** The optional message export; see THE MESSAGE above. */
PIPEHOST_PROCEDURE const char *pipehost_procedure_last_message(void);

#ifdef __cplusplus
}
#endif

#endif /* PIPEHOST_PROCEDURE_H */
