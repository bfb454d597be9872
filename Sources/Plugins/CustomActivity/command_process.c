/* Running the Custom activity's command in its own process group. */
#define _GNU_SOURCE
#include "command_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void sleep_milliseconds(unsigned milliseconds) {
    struct timespec request = {(time_t)(milliseconds / 1000), (long)(milliseconds % 1000) * 1000000L};
    while (nanosleep(&request, &request) == -1 && errno == EINTR) {
    }
}

static unsigned long long now_milliseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (unsigned long long)now.tv_sec * 1000ULL + (unsigned long long)now.tv_nsec / 1000000ULL;
}

/* Non-blocking wait; returns 1 and fills result when the shell has ended. */
static int reap(pid_t pid, command_result *result) {
    int status = 0;
    pid_t done;
    do {
        done = waitpid(pid, &status, WNOHANG);
    } while (done == -1 && errno == EINTR);
    if (done == 0) return 0;
    if (done == -1) { /* ECHILD: someone else reaped it (SIGCHLD ignored); the code is lost */
        result->exited = 1;
        result->exit_code = -1;
        return 1;
    }
    if (WIFEXITED(status)) {
        result->exited = 1;
        result->exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result->exited = 0;
        result->term_signal = WTERMSIG(status);
    }
    return 1;
}

static int spawn_shell(const char *shell, const char *command, const char *folder, const char *stdout_path,
                       const char *stderr_path, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int error = posix_spawn_file_actions_init(&actions);
    if (error) return error;
    error = posix_spawnattr_init(&attributes);
    if (error) {
        posix_spawn_file_actions_destroy(&actions);
        return error;
    }
    sigset_t no_signals, all_signals;
    sigemptyset(&no_signals);
    sigfillset(&all_signals);
    if (!error) error = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (!error) error = posix_spawn_file_actions_addopen(&actions, 1, stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!error) error = posix_spawn_file_actions_addopen(&actions, 2, stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!error) error = posix_spawn_file_actions_addchdir_np(&actions, folder);
    /* A new group so that cancellation reaches every process the command starts; default signal
     * handling and an empty mask, because the host may ignore SIGPIPE or block signals. */
    if (!error) error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                                  POSIX_SPAWN_SETSIGDEF);
    if (!error) error = posix_spawnattr_setpgroup(&attributes, 0);
    if (!error) error = posix_spawnattr_setsigmask(&attributes, &no_signals);
    if (!error) error = posix_spawnattr_setsigdefault(&attributes, &all_signals);
    if (!error) {
        char *const arguments[] = {(char *)shell, "-c", (char *)command, NULL};
        error = posix_spawn(pid, shell, &actions, &attributes, arguments, environ);
    }
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return error;
}

void command_run(const char *shell, const char *command, const char *folder, const char *stdout_path,
                 const char *stderr_path, unsigned grace_ms, command_cancel_check is_cancelled,
                 void *check_context, command_result *result) {
    memset(result, 0, sizeof *result);
    pid_t pid = 0;
    int error = spawn_shell(shell, command, folder, stdout_path, stderr_path, &pid);
    if (error) {
        result->start_error = error;
        return;
    }
    result->started = 1;
    result->process_group = pid;

    unsigned interval = 1;
    unsigned long long kill_at = 0;
    while (!reap(pid, result)) {
        if (!result->cancelled && is_cancelled(check_context)) {
            result->cancelled = 1;
            kill(-pid, SIGTERM);
            kill_at = now_milliseconds() + grace_ms;
        }
        if (result->cancelled && kill_at && now_milliseconds() >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0;
        }
        sleep_milliseconds(interval);
        if (interval < 20) interval *= 2;
    }
    /* Whatever the shell left running in its group (background jobs) ends with it. */
    kill(-pid, SIGKILL);
}
