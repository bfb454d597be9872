/* A plugin that loads fine and then breaks the result contract, one activity type per way. The
 * host must fail each activity with a "misbehaved" message and keep running. */
#include <string.h>

#include "pipehost_plugin.h"

static uint8_t invalid_utf8[] = {'{', '"', 'a', '"', ':', '"', 0xFF, '"', '}'};

static void set_static(ph_buffer *buffer, const void *bytes, uint64_t length) {
    buffer->struct_size = sizeof(ph_buffer);
    buffer->data = bytes;
    buffer->length = length;
    buffer->release = NULL;
}

static int32_t misbehave(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                         uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    (void)context;
    /* The activity type decides how to misbehave; it is in the invocation JSON. */
    const char *text = (const char *)invocation;
    (void)invocation_length;
    if (strstr(text, "\"Bad.InvalidJSON\"")) {
        set_static(&result->output, "{not json", 9);
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.NullData\"")) {
        set_static(&result->output, NULL, 5);
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.ArrayOutput\"")) {
        set_static(&result->output, "[1,2]", 5);
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.InvalidUTF8\"")) {
        set_static(&result->output, invalid_utf8, sizeof invalid_utf8);
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.HugeOutput\"")) {
        set_static(&result->output, "{}", (uint64_t)5 * 1024 * 1024);
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.BufferSize\"")) {
        set_static(&result->output, "{}", 2);
        result->output.struct_size = 12;
        return PH_STATUS_SUCCEEDED;
    }
    if (strstr(text, "\"Bad.ErrorShape\"")) {
        set_static(&result->error, "{\"oops\":1}", 10);
        return PH_STATUS_FAILED;
    }
    if (strstr(text, "\"Bad.RunningFromRun\"")) {
        set_static(&result->state, "s", 1);
        return PH_STATUS_RUNNING;
    }
    if (strstr(text, "\"Bad.GoodFailure\"")) {
        set_static(&result->error, "{\"errorCode\":\"7\",\"message\":\"honest failure\",\"failureType\":\"SystemError\"}", 72);
        return PH_STATUS_FAILED;
    }
    return 7; /* Bad.Status: not a PH_STATUS_* value */
}

#define DESCRIBE(variable, name)                                                                                     \
    static const ph_activity_descriptor variable = {                                                                 \
        .struct_size = sizeof(ph_activity_descriptor), .type_name = name, .flags = PH_ACTIVITY_THREAD_SAFE,          \
        .run = misbehave}

DESCRIBE(invalid_json, "Bad.InvalidJSON");
DESCRIBE(null_data, "Bad.NullData");
DESCRIBE(array_output, "Bad.ArrayOutput");
DESCRIBE(invalid_text, "Bad.InvalidUTF8");
DESCRIBE(huge_output, "Bad.HugeOutput");
DESCRIBE(buffer_size, "Bad.BufferSize");
DESCRIBE(error_shape, "Bad.ErrorShape");
DESCRIBE(running_from_run, "Bad.RunningFromRun");
DESCRIBE(good_failure, "Bad.GoodFailure");
DESCRIBE(bad_status, "Bad.Status");

static const ph_activity_descriptor *const activities[] = {
    &invalid_json, &null_data, &array_output, &invalid_text, &huge_output,
    &buffer_size, &error_shape, &running_from_run, &good_failure, &bad_status,
};

static const ph_plugin table = {
    .struct_size = sizeof(ph_plugin),
    .magic = PH_PLUGIN_MAGIC,
    .abi_major = PH_ABI_MAJOR,
    .abi_minor = PH_ABI_MINOR,
    .build_tag = PH_BUILD_TAG_C_ABI,
    .plugin_id = "org.pipehost.fixture.misbehaving",
    .version = "1.0.0",
    .activity_count = sizeof activities / sizeof activities[0],
    .activities = activities,
};

PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &table;
}
