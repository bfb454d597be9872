/* A plugin whose activities break the host process in every way process isolation must contain:
 * a segfault, abort(), an infinite loop that ignores cancellation, writes to standard output and a
 * long-running operation that never ends and ignores cancel. Crash.Fine is well behaved, so tests
 * can show that other activities of the same plugin are unaffected. The host must survive each in
 * process mode, and `pipehost plugins check` must report each one. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipehost_plugin.h"

static void set_static(ph_buffer *buffer, const char *text) {
    buffer->struct_size = sizeof(ph_buffer);
    buffer->data = (const uint8_t *)text;
    buffer->length = strlen(text);
    buffer->release = NULL;
}

static void spin_forever(void) {
    volatile unsigned long counter = 0;
    for (;;) {
        counter++;
    }
}

static int32_t segfault(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                        uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length, (void)result;
    fprintf(stderr, "crash fixture: about to dereference NULL\n");
    fflush(stderr);
    raise(SIGSEGV);
    return PH_STATUS_FAILED;
}

static int32_t aborting(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                        uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length, (void)result;
    fprintf(stderr, "crash fixture: calling abort()\n");
    abort();
}

static int32_t looping(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                       uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)invocation, (void)invocation_length, (void)result;
    static const char message[] = "looping forever";
    context->services->log(context->services, context, PH_LOG_INFO, message, sizeof message - 1);
    spin_forever();
    return PH_STATUS_FAILED;
}

static int32_t stdout_writer(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                             uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length;
    printf("this line must not reach the protocol channel\n");
    fflush(stdout);
    set_static(&result->output, "{\"printed\":true}");
    return PH_STATUS_SUCCEEDED;
}

static int32_t fine(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                    uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length;
    set_static(&result->output, "{\"ok\":true}");
    return PH_STATUS_SUCCEEDED;
}

static int32_t never_start(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                           uint64_t invocation_length, ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length;
    set_static(&result->state, "forever");
    result->next_poll_ms = 10;
    return PH_STATUS_RUNNING;
}

/* poll never finishes the operation; cancel never returns. */
static int32_t never_poll(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                          uint64_t invocation_length, const uint8_t *state, uint64_t state_length,
                          ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length, (void)state, (void)state_length;
    set_static(&result->state, "forever");
    result->next_poll_ms = 10;
    return PH_STATUS_RUNNING;
}

static int32_t never_cancel(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                            uint64_t invocation_length, const uint8_t *state, uint64_t state_length,
                            ph_result *result) {
    (void)plugin_context, (void)context, (void)invocation, (void)invocation_length, (void)state, (void)state_length,
        (void)result;
    spin_forever();
    return PH_STATUS_FAILED;
}

#define SYNC(variable, name, function)                                                                               \
    static const ph_activity_descriptor variable = {.struct_size = sizeof(ph_activity_descriptor),                   \
                                                    .type_name = name,                                               \
                                                    .flags = PH_ACTIVITY_THREAD_SAFE,                                \
                                                    .run = function}

SYNC(segfault_type, "Crash.Segfault", segfault);
SYNC(abort_type, "Crash.Abort", aborting);
SYNC(loop_type, "Crash.InfiniteLoop", looping);
SYNC(stdout_type, "Crash.StdoutWrite", stdout_writer);
SYNC(fine_type, "Crash.Fine", fine);

static const ph_activity_descriptor never_type = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "Crash.NeverEnding",
    .flags = PH_ACTIVITY_THREAD_SAFE | PH_ACTIVITY_LONG_RUNNING,
    .start = never_start,
    .poll = never_poll,
    .cancel = never_cancel,
};

static const ph_activity_descriptor *const activities[] = {
    &segfault_type, &abort_type, &loop_type, &stdout_type, &fine_type, &never_type,
};

static const ph_plugin table = {
    .struct_size = sizeof(ph_plugin),
    .magic = PH_PLUGIN_MAGIC,
    .abi_major = PH_ABI_MAJOR,
    .abi_minor = PH_ABI_MINOR,
    .build_tag = PH_BUILD_TAG_C_ABI,
    .plugin_id = "org.pipehost.fixture.crashing",
    .version = "1.0.0",
    .activity_count = sizeof activities / sizeof activities[0],
    .activities = activities,
};

PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &table;
}
