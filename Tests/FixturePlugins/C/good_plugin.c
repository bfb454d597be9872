/* A good plain-C fixture plugin: no-op, echo (through the host's allocator), logging. Compiled
 * by the tests with `cc` from the header alone. */
#include <string.h>

#include "pipehost_plugin.h"

static const ph_host_services *host;

static int32_t noop_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                        uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    (void)context;
    (void)invocation;
    (void)invocation_length;
    (void)result;
    return PH_STATUS_SUCCEEDED; /* an empty output means {} */
}

/* Returns the invocation itself as the output, in memory from the host's alloc, released with
 * the host's release_allocated. */
static int32_t echo_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                        uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    const ph_host_services *services = context->services;
    uint8_t *copy = services->alloc(services, invocation_length);
    if (!copy) return PH_STATUS_FAILED;
    memcpy(copy, invocation, invocation_length);
    result->output.struct_size = sizeof(ph_buffer);
    result->output.data = copy;
    result->output.length = invocation_length;
    result->output.release = services->release_allocated;
    return PH_STATUS_SUCCEEDED;
}

static int32_t log_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                       uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    (void)invocation;
    (void)invocation_length;
    (void)result;
    const char message[] = "hello from C";
    context->services->log(context->services, context, PH_LOG_WARNING, message, sizeof message - 1);
    context->services->progress(context->services, context, 0.25, "a quarter", 9);
    return PH_STATUS_SUCCEEDED;
}

static int32_t good_init(const ph_host_services *services, const uint8_t *settings, uint64_t settings_length,
                         void **plugin_context, ph_buffer *error) {
    (void)settings;
    (void)settings_length;
    (void)error;
    host = services;
    *plugin_context = NULL;
    const char message[] = "C fixture initialised";
    services->log(services, NULL, PH_LOG_INFO, message, sizeof message - 1);
    return PH_STATUS_SUCCEEDED;
}

static const ph_activity_descriptor noop = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "CFixture.Noop",
    .description = "Does nothing",
    .flags = PH_ACTIVITY_THREAD_SAFE,
    .run = noop_run,
};
static const ph_activity_descriptor echo = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "CFixture.Echo",
    .description = "Returns the invocation",
    .flags = PH_ACTIVITY_THREAD_SAFE,
    .run = echo_run,
};
static const ph_activity_descriptor logging = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "CFixture.Log",
    .flags = 0,
    .run = log_run,
};
static const ph_activity_descriptor *const activities[] = {&noop, &echo, &logging};

static const ph_plugin table = {
    .struct_size = sizeof(ph_plugin),
    .magic = PH_PLUGIN_MAGIC,
    .abi_major = PH_ABI_MAJOR,
    .abi_minor = PH_ABI_MINOR,
    .build_tag = PH_BUILD_TAG_C_ABI,
    .plugin_id = "org.pipehost.fixture.c",
    .version = "0.9.1",
    .description = "Good C fixture",
    .activity_count = 3,
    .activities = activities,
    .init = good_init,
};

PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PH_ABI_MAJOR ? &table : NULL;
}
