/* The ABI-compatibility fixture plugin. The tests compile it twice from this one source: against
 * the frozen ABI 1.0 header (Tests/FixturePlugins/C/abi-1.0/) and against a "grown" header, the
 * real header with one field appended to every growable struct and PH_ABI_MINOR raised to 1
 * (PH_TEST_GROWN is then defined). Either build checks the host's structs with the header's
 * shared rule, touches an appended field only when PH_HAS_FIELD finds it, and reports what it saw
 * as its output, so the tests can load it in the real Swift host and in a grown C host. */
#include <stdio.h>
#include <string.h>

#include "pipehost_plugin.h"

/* The host's struct sizes as init saw them. */
static uint32_t services_size_at_init;

static void set_static(ph_buffer *buffer, const char *text) {
    buffer->struct_size = sizeof(ph_buffer);
    buffer->data = (const uint8_t *)text;
    buffer->length = strlen(text);
    buffer->release = NULL; /* static bytes */
}

static int32_t fail(ph_result *result, const char *json) {
    set_static(&result->error, json);
    return PH_STATUS_FAILED;
}

/* Reports the struct sizes this build was compiled with and those the host passed. The output is
 * written into host memory from alloc and released with release_allocated. */
static int32_t report_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                          uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    (void)invocation;
    (void)invocation_length;
    if (!ph_struct_size_is_compatible(result->struct_size, PH_RESULT_SIZE_1_0)) return PH_STATUS_FAILED;
    if (!context || !ph_struct_size_is_compatible(context->struct_size, PH_CALL_CONTEXT_SIZE_1_0))
        return fail(result, "{\"errorCode\":\"AbiFixture\",\"message\":\"incompatible ph_call_context\"}");
    const ph_host_services *services = context->services;
    if (!services || !ph_struct_size_is_compatible(services->struct_size, PH_HOST_SERVICES_SIZE_1_0))
        return fail(result, "{\"errorCode\":\"AbiFixture\",\"message\":\"incompatible ph_host_services\"}");

    const char *appended = "\"not compiled\"";
    char appended_text[32];
#if defined(PH_TEST_GROWN)
    if (PH_HAS_FIELD(services, ph_host_services, test_appended)) {
        snprintf(appended_text, sizeof appended_text, "%llu", (unsigned long long)services->test_appended);
        appended = appended_text;
    } else {
        appended = "\"absent\"";
    }
    /* An appended result field is written only when the host's ph_result holds it. */
    if (PH_HAS_FIELD(result, ph_result, test_appended)) result->test_appended = 7;
#else
    (void)appended_text;
#endif

    char text[1024];
    int length = snprintf(
        text, sizeof text,
        "{\"compiledMinor\":%u,\"pluginSize\":%zu,\"descriptorSize\":%zu,\"resultSize\":%zu,\"callContextSize\":%zu,"
        "\"hostServicesSize\":%zu,\"hostInfoSize\":%zu,\"bufferSize\":%zu,\"hostResultSize\":%u,"
        "\"hostCallContextSize\":%u,\"hostServicesSizeAtInit\":%u,\"hostServicesAppended\":%s}",
        (unsigned)PH_ABI_MINOR, sizeof(ph_plugin), sizeof(ph_activity_descriptor), sizeof(ph_result),
        sizeof(ph_call_context), sizeof(ph_host_services), sizeof(ph_ext_host_info), sizeof(ph_buffer),
        (unsigned)result->struct_size, (unsigned)context->struct_size, (unsigned)services_size_at_init, appended);
    if (length < 0 || (size_t)length >= sizeof text) return PH_STATUS_FAILED;
    uint8_t *copy = services->alloc(services, (uint64_t)length);
    if (!copy) return PH_STATUS_FAILED;
    memcpy(copy, text, (size_t)length);
    result->output.struct_size = sizeof(ph_buffer);
    result->output.data = copy;
    result->output.length = (uint64_t)length;
    result->output.release = services->release_allocated;
    return PH_STATUS_SUCCEEDED;
}

static int32_t abi_init(const ph_host_services *services, const uint8_t *settings, uint64_t settings_length,
                        void **plugin_context, ph_buffer *error) {
    (void)settings;
    (void)settings_length;
    *plugin_context = NULL;
    if (!ph_struct_size_is_compatible(services->struct_size, PH_HOST_SERVICES_SIZE_1_0)) {
        set_static(error, "{\"message\":\"the host's ph_host_services is smaller than ABI 1.0's\"}");
        return PH_STATUS_FAILED;
    }
    services_size_at_init = services->struct_size;
    return PH_STATUS_SUCCEEDED;
}

static const ph_activity_descriptor report = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "AbiFixture.Report",
    .description = "Reports the struct sizes it was built with and those the host passed",
    .flags = PH_ACTIVITY_THREAD_SAFE,
    .run = report_run,
#if defined(PH_TEST_GROWN)
    .test_appended = 22,
#endif
};

static const ph_activity_descriptor *const activities[] = {&report};

static const ph_plugin table = {
    .struct_size = sizeof(ph_plugin),
    .magic = PH_PLUGIN_MAGIC,
    .abi_major = PH_ABI_MAJOR,
    .abi_minor = PH_ABI_MINOR,
    .build_tag = PH_BUILD_TAG_C_ABI,
#if defined(PH_TEST_GROWN)
    .plugin_id = "org.pipehost.fixture.abi-grown",
#else
    .plugin_id = "org.pipehost.fixture.abi-1-0",
#endif
    .version = "1.0.0",
    .description = "ABI compatibility fixture",
    .activity_count = 1,
    .activities = activities,
    .init = abi_init,
#if defined(PH_TEST_GROWN)
    .test_appended = 11,
#endif
};

PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PH_ABI_MAJOR ? &table : NULL;
}
