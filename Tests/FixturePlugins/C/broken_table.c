/* Deliberately broken plugin tables, one per loader error. The tests compile this file once per
 * variant with -DVARIANT_<NAME>; each variant changes one thing of an otherwise valid plugin. */
#include <string.h>

#include "pipehost_plugin.h"

/* Each variant uses a different subset of the definitions below. */
#define MAYBE_UNUSED __attribute__((unused))

static int32_t noop_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                        uint64_t invocation_length, ph_result *result) {
    (void)plugin_context;
    (void)context;
    (void)invocation;
    (void)invocation_length;
    (void)result;
    return PH_STATUS_SUCCEEDED;
}

MAYBE_UNUSED static int32_t operation(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                         uint64_t invocation_length, const uint8_t *state, uint64_t state_length, ph_result *result) {
    (void)plugin_context;
    (void)context;
    (void)invocation;
    (void)invocation_length;
    (void)state;
    (void)state_length;
    (void)result;
    return PH_STATUS_SUCCEEDED;
}

MAYBE_UNUSED static void set_message(ph_buffer *error, const char *json) {
    error->struct_size = sizeof(ph_buffer);
    error->data = (const uint8_t *)json;
    error->length = strlen(json);
    error->release = NULL; /* static bytes */
}

static int32_t broken_init(const ph_host_services *services, const uint8_t *settings, uint64_t settings_length,
                           void **plugin_context, ph_buffer *error) {
    (void)services;
    (void)settings;
    (void)settings_length;
    (void)plugin_context;
#if defined(VARIANT_INIT_FAILS)
    set_message(error, "{\"message\":\"cannot reach the license server at 127.0.0.1:9\"}");
    return PH_STATUS_FAILED;
#elif defined(VARIANT_INIT_BAD_STATUS)
    (void)error;
    return 42;
#else
    (void)error;
    return PH_STATUS_SUCCEEDED;
#endif
}

#if defined(VARIANT_DUPLICATE_TYPE)
#define TYPE_NAME "CFixture.Noop"
#elif defined(VARIANT_CLAIMS_BUILT_IN)
#define TYPE_NAME "ForEach"
#elif defined(VARIANT_BAD_TYPE_NAME)
#define TYPE_NAME "Broken Type"
#else
#define TYPE_NAME "Broken.Noop"
#endif

#if defined(VARIANT_BAD_FLAGS)
#define FLAGS (PH_ACTIVITY_THREAD_SAFE | (UINT64_C(1) << 9))
#else
#define FLAGS PH_ACTIVITY_THREAD_SAFE
#endif

MAYBE_UNUSED static const ph_activity_descriptor descriptor = {
#if defined(VARIANT_SMALL_DESCRIPTOR)
    .struct_size = 24,
#else
    .struct_size = sizeof(ph_activity_descriptor),
#endif
    .type_name = TYPE_NAME,
    .flags = FLAGS,
    .run = noop_run,
#if defined(VARIANT_RUN_AND_START)
    .start = noop_run,
    .poll = operation,
    .cancel = operation,
#endif
#if defined(VARIANT_BAD_LINKED_SERVICE_TYPES)
    .linked_service_types = "AzureBlobStorage,,FileServer",
#elif defined(VARIANT_EMPTY_LINKED_SERVICE_TYPES)
    .linked_service_types = "",
#elif defined(VARIANT_SPACED_LINKED_SERVICE_TYPES)
    .linked_service_types = "AzureBlobStorage, FileServer",
#endif
};

static const ph_activity_descriptor *const activities[] = {
#if defined(VARIANT_NULL_DESCRIPTOR)
    NULL,
#else
    &descriptor,
#endif
};

MAYBE_UNUSED static const ph_plugin table = {
#if defined(VARIANT_SMALL_TABLE)
    .struct_size = 16,
#else
    .struct_size = sizeof(ph_plugin),
#endif
#if defined(VARIANT_BAD_MAGIC)
    .magic = 0x12345678u,
#else
    .magic = PH_PLUGIN_MAGIC,
#endif
#if defined(VARIANT_WRONG_ABI_MAJOR)
    .abi_major = PH_ABI_MAJOR + 1,
#else
    .abi_major = PH_ABI_MAJOR,
#endif
    .abi_minor = PH_ABI_MINOR,
#if defined(VARIANT_WRONG_BUILD_TAG)
    .build_tag = "swift-5.9.0/x86_64-unknown-linux-gnu",
#else
    .build_tag = PH_BUILD_TAG_C_ABI,
#endif
#if defined(VARIANT_BAD_PLUGIN_ID)
    .plugin_id = "broken",
#elif defined(VARIANT_DUPLICATE_ID)
    .plugin_id = "org.pipehost.fixture.c",
#elif defined(VARIANT_DUPLICATE_TYPE)
    .plugin_id = "org.pipehost.fixture.duplicate",
#else
    .plugin_id = "org.pipehost.fixture.broken",
#endif
#if defined(VARIANT_BAD_VERSION)
    .version = "one",
#else
    .version = "1.0.0",
#endif
#if defined(VARIANT_ZERO_ACTIVITIES)
    .activity_count = 0,
#else
    .activity_count = 1,
#endif
    .activities = activities,
    .init = broken_init,
};

#if defined(VARIANT_NO_ENTRY)
PH_EXPORT const ph_plugin *some_other_symbol(void) { return &table; }
#else
PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
#if defined(VARIANT_REFUSES_ABI)
    return NULL;
#else
    return &table;
#endif
}
#endif
