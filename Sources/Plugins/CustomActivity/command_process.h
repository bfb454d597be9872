/* Running the Custom activity's command: a shell in its own process group, output to files, with
 * cancellation that stops the whole group. */
#ifndef PIPEHOST_CUSTOM_COMMAND_PROCESS_H
#define PIPEHOST_CUSTOM_COMMAND_PROCESS_H

#include <sys/types.h>

/** How the command ended. */
typedef struct command_result {
    /** 0 when the shell could not be started; start_error then holds the errno. */
    int started;
    int start_error;
    /** 1 when the shell exited (exit_code is set), 0 when a signal ended it (term_signal). */
    int exited;
    int exit_code;
    int term_signal;
    /** 1 when the host cancelled the call and the group was stopped. */
    int cancelled;
    /** The shell's pid, which is also its process group's id. */
    pid_t process_group;
} command_result;

/** Asked while the command runs; returns 1 once the command should stop. */
typedef int (*command_cancel_check)(void *context);

/**
 * Runs `shell -c command` in folder, with stdin from /dev/null and stdout/stderr written to the
 * two files, in a new process group with default signal handling. Waits for it, asking
 * is_cancelled every few milliseconds; once it says 1, sends SIGTERM to the group, then SIGKILL
 * after grace_ms. When the shell has exited, processes it left behind in its group are killed too,
 * so nothing of the activity outlives it.
 */
void command_run(const char *shell, const char *command, const char *folder, const char *stdout_path,
                 const char *stderr_path, unsigned grace_ms, command_cancel_check is_cancelled,
                 void *check_context, command_result *result);

#endif
