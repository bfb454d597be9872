/* A minimal plugin host built against a "grown" header (the real header with one field appended to
 * every growable struct and PH_ABI_MINOR 1; PH_TEST_GROWN is defined): what a host of a later minor
 * looks like. It loads the plugin named by argv[1], accepts its table and descriptors by the
 * header's shared compatibility rule, reads the appended fields only when PH_HAS_FIELD finds them,
 * passes its own (larger) services, context and result structs, runs the first activity and prints
 * one JSON line of what it saw. Exit status: 0 ran, 1 refused or failed, 64 usage. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipehost_plugin.h"

#if !defined(PH_TEST_GROWN)
#error "grown_host.c is compiled against the grown test header"
#endif

static void host_log(const ph_host_services *self, const ph_call_context *context, int32_t level, const char *message,
                     uint64_t length) {
    (void)self;
    (void)context;
    (void)level;
    fprintf(stderr, "plugin log: %.*s\n", (int)length, message);
}

static void host_progress(const ph_host_services *self, const ph_call_context *context, double fraction,
                          const char *message, uint64_t length) {
    (void)self;
    (void)context;
    (void)fraction;
    (void)message;
    (void)length;
}

static int32_t host_is_cancelled(const ph_host_services *self, const ph_call_context *context) {
    (void)self;
    (void)context;
    return 0;
}

static void *host_alloc(const ph_host_services *self, uint64_t size) {
    (void)self;
    return malloc(size ? size : 1);
}

static void host_free(const ph_host_services *self, void *pointer) {
    (void)self;
    free(pointer);
}

static void host_release_allocated(ph_buffer *buffer) {
    free((void *)buffer->data);
    buffer->data = NULL;
    buffer->release = NULL;
}

static const void *host_get_extension(const ph_host_services *self, const char *id) {
    (void)self;
    (void)id;
    return NULL;
}

static int refuse(const char *what, uint32_t found, uint32_t required) {
    printf("{\"refused\":\"%s\",\"structSize\":%u,\"required\":%u}\n", what, (unsigned)found, (unsigned)required);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: grown_host PLUGIN.so\n");
        return 64;
    }
    void *image = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!image) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    ph_plugin_entry_v1_fn entry = (ph_plugin_entry_v1_fn)dlsym(image, PH_PLUGIN_ENTRY_SYMBOL);
    if (!entry) return refuse("entry", 0, 0);
    const ph_plugin *plugin = entry(PH_ABI_MAJOR, PH_ABI_MINOR);
    if (!plugin || plugin->magic != PH_PLUGIN_MAGIC || plugin->abi_major != PH_ABI_MAJOR) return refuse("table", 0, 0);
    if (!ph_struct_size_is_compatible(plugin->struct_size, PH_PLUGIN_SIZE_1_0))
        return refuse("ph_plugin", plugin->struct_size, PH_PLUGIN_SIZE_1_0);
    if (plugin->activity_count < 1 || !plugin->activities || !plugin->activities[0]) return refuse("activities", 0, 0);
    const ph_activity_descriptor *descriptor = plugin->activities[0];
    if (!ph_struct_size_is_compatible(descriptor->struct_size, PH_ACTIVITY_DESCRIPTOR_SIZE_1_0))
        return refuse("ph_activity_descriptor", descriptor->struct_size, PH_ACTIVITY_DESCRIPTOR_SIZE_1_0);
    if (!descriptor->run) return refuse("run", 0, 0);

    char plugin_appended[32] = "\"absent\"";
    if (PH_HAS_FIELD(plugin, ph_plugin, test_appended))
        snprintf(plugin_appended, sizeof plugin_appended, "%llu", (unsigned long long)plugin->test_appended);
    char descriptor_appended[32] = "\"absent\"";
    if (PH_HAS_FIELD(descriptor, ph_activity_descriptor, test_appended))
        snprintf(descriptor_appended, sizeof descriptor_appended, "%llu",
                 (unsigned long long)descriptor->test_appended);

    ph_host_services services;
    memset(&services, 0, sizeof services);
    services.struct_size = sizeof services;
    services.abi_major = PH_ABI_MAJOR;
    services.abi_minor = PH_ABI_MINOR;
    services.host_version = "grown test host";
    services.log = host_log;
    services.progress = host_progress;
    services.is_cancelled = host_is_cancelled;
    services.alloc = host_alloc;
    services.free = host_free;
    services.release_allocated = host_release_allocated;
    services.get_extension = host_get_extension;
    services.test_appended = 33;

    void *plugin_context = NULL;
    if (plugin->init) {
        ph_buffer error;
        memset(&error, 0, sizeof error);
        static const char settings[] = "{}";
        int32_t status = plugin->init(&services, (const uint8_t *)settings, sizeof settings - 1, &plugin_context, &error);
        if (error.release) error.release(&error);
        if (status != PH_STATUS_SUCCEEDED) return refuse("init", 0, 0);
    }

    ph_call_context context;
    memset(&context, 0, sizeof context);
    context.struct_size = sizeof context;
    context.attempt = 1;
    context.call_id = 1;
    context.services = &services;
    context.activity_run_id = "grown-host-run";
    ph_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    static const char invocation[] = "{\"abiVersion\":1,\"activity\":{\"name\":\"Report\",\"type\":\"AbiFixture.Report\"}}";
    int32_t status = descriptor->run(plugin_context, &context, (const uint8_t *)invocation, sizeof invocation - 1, &result);
    if (status != PH_STATUS_SUCCEEDED) {
        if (result.error.release) result.error.release(&result.error);
        return refuse("run", (uint32_t)status, 0);
    }
    if (result.output.struct_size != 0 && !ph_buffer_size_is_valid(result.output.struct_size))
        return refuse("output buffer", result.output.struct_size, PH_BUFFER_SIZE_1_0);
    printf("{\"hostMinor\":%u,\"pluginStructSize\":%u,\"pluginAppended\":%s,\"descriptorStructSize\":%u,"
           "\"descriptorAppended\":%s,\"resultAppended\":%llu,\"output\":%.*s}\n",
           (unsigned)PH_ABI_MINOR, (unsigned)plugin->struct_size, plugin_appended,
           (unsigned)descriptor->struct_size, descriptor_appended, (unsigned long long)result.test_appended,
           result.output.length ? (int)result.output.length : 2,
           result.output.length ? (const char *)result.output.data : "{}");
    if (result.output.release) result.output.release(&result.output);
    if (plugin->deinit) plugin->deinit(plugin_context);
    return 0;
}
