/*
 * pipehost_plugin.h — the one contract between the pipehost host and its activity plugins.
 *
 * A plugin is a shared library that implements one or more Azure Data Factory activity types
 * ("AzureMLBatchExecution", "Custom", your own "Acme.Deploy", ...). It exports exactly one symbol,
 * pipehost_plugin_entry_v1, and everything else is reached through the tables below. This header
 * stands alone: a plugin in C, Swift, Rust or Zig is written from it and its comments.
 *
 * LIFECYCLE (and why)
 *   1. load      The host dlopen()s the file with RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE and never
 *                unloads it: unmapping a Swift image crashes the process later in unrelated code.
 *   2. entry     The host calls pipehost_plugin_entry_v1(PH_ABI_MAJOR, PH_ABI_MINOR). The plugin
 *                returns its ph_plugin table, or NULL when it cannot serve that host ABI. The entry
 *                must not log, start threads or call into the host; it may build its table on the
 *                first call (PluginKit does) and returns the same table on every later call.
 *   3. validate  Before any other plugin code runs, the host checks the table: struct sizes, magic,
 *                ABI major, build tag, plugin id, every descriptor, and that no other loaded plugin
 *                claims the same activity type. A plugin that fails is refused with a message
 *                naming the file and what to fix; init is never called.
 *   4. init      Once, with the host services and the plugin's settings from plugins.json. The plugin
 *                may start background threads here and returns its own context pointer. (A process
 *                that embeds several hosts, such as a test suite, calls init once per host; each
 *                init has its own context and its own deinit.)
 *   5. execute*  Activity calls (run, or start/poll/cancel), on host worker threads, possibly many at
 *                once (see PH_ACTIVITY_THREAD_SAFE). Each call gets a ph_call_context.
 *   6. deinit    Once, when the host shuts down cleanly. No call is in flight and none follows.
 *                A host that is killed never calls it: keep nothing precious only in memory.
 *
 * RULES THAT KEEP OLD PLUGINS LOADING IN NEW HOSTS (and new plugins in old hosts)
 *   - Every struct starts with uint32_t struct_size and only ever grows at its end. The size each
 *     struct had in ABI 1.0 is frozen below (PH_<STRUCT>_SIZE_1_0). Whoever receives a struct from
 *     the other side accepts it when ph_struct_size_is_compatible(struct_size, PH_<STRUCT>_SIZE_1_0)
 *     says so: a struct_size at least the 1.0 size, never "at least my own sizeof", which would
 *     refuse every older peer. A field a later minor appended is touched only when PH_HAS_FIELD
 *     says the other side's struct holds it; a host-allocated struct that a plugin fills (ph_result)
 *     is zeroed by the host, so a field an older plugin does not know stays zero, which every
 *     appended field must treat as "not set". Only fixed-width integers, double, pointers and
 *     function pointers cross: no C enums, no bool, no Swift or C++ types.
 *   - ABI major must match exactly; minor is advisory (a newer minor adds fields at struct ends).
 *   - Swift has no stable ABI on Linux: a Swift plugin must be built by the host's Swift toolchain
 *     for the host's target, and its build_tag says which. C (and Rust, Zig, ...) plugins that use
 *     only this header set PH_BUILD_TAG_C_ABI and load in any host.
 *   - Data crosses as UTF-8 JSON in buffers. Whoever allocates a buffer provides its release.
 *
 * THREAD TAGS used below
 *   [host-thread]    called on one host thread at a time, never concurrently with other calls.
 *   [worker-thread]  called on a host worker thread that may block (never an async executor thread);
 *                    concurrency as PH_ACTIVITY_THREAD_SAFE says.
 *   [any-thread]     may be called from any thread, concurrently.
 */
#ifndef PIPEHOST_PLUGIN_H
#define PIPEHOST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions and identity ------------------------------------------------------------------ */

/** ABI major: a plugin built against another major is refused. */
#define PH_ABI_MAJOR 1u
/** ABI minor: fields added at the ends of structs; advisory. 1.1 appended
 *  ph_activity_descriptor.linked_service_types. */
#define PH_ABI_MINOR 1u
/** ph_plugin.magic: the bytes "PHPL" read as a little-endian uint32. */
#define PH_PLUGIN_MAGIC 0x4C504850u
/** build_tag of plugins that use only this header: they load in any host of the same ABI major. */
#define PH_BUILD_TAG_C_ABI "c-abi"
/** The one exported symbol of every plugin. */
#define PH_PLUGIN_ENTRY_SYMBOL "pipehost_plugin_entry_v1"

/** The offset just past field in type: the smallest struct_size that holds it. */
#define PH_FIELD_END(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/** True when the struct at ptr (which starts with struct_size) is large enough to hold field. */
#define PH_HAS_FIELD(ptr, type, field) ((ptr)->struct_size >= PH_FIELD_END(type, field))

#if defined(__cplusplus)
#define PH_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define PH_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

#if defined(_WIN32)
#define PH_EXPORT __declspec(dllexport)
#else
#define PH_EXPORT __attribute__((visibility("default")))
#endif

/* ---- Frozen ABI 1.0 struct sizes ------------------------------------------------------------ */

/* The size of each struct as ABI 1.0 defined it (64-bit targets; each is checked against the
 * layout with PH_STATIC_ASSERT after its struct). They never change: a later minor appends fields,
 * so its structs are larger, and a reader still requires only these sizes of the other side. */

/** ph_buffer: frozen for ever, it is embedded by value in ph_result. */
#define PH_BUFFER_SIZE_1_0 40u
#define PH_RESULT_SIZE_1_0 136u
#define PH_CALL_CONTEXT_SIZE_1_0 40u
#define PH_HOST_SERVICES_SIZE_1_0 88u
#define PH_EXT_HOST_INFO_SIZE_1_0 24u
#define PH_ACTIVITY_DESCRIPTOR_SIZE_1_0 64u
#define PH_PLUGIN_SIZE_1_0 80u

/**
 * The compatibility rule of every growable struct, for hosts and plugins alike: returns 1 when a
 * struct that the other side allocated or filled, whose struct_size is struct_size, can be used,
 * given that struct's frozen 1.0 size (PH_<STRUCT>_SIZE_1_0), and 0 when it must be refused.
 *
 * A struct_size at least the 1.0 size is compatible whatever minor the other side was built for:
 * read its 1.0 fields, and a field a later minor appended only when PH_HAS_FIELD finds it. A
 * smaller one is not a pipehost struct of this major (corrupt, or a wrong pointer). ph_buffer is
 * frozen instead: its struct_size must equal PH_BUFFER_SIZE_1_0 (ph_buffer_size_is_valid).
 */
static inline int32_t ph_struct_size_is_compatible(uint32_t struct_size, uint32_t frozen_size_1_0) {
    return struct_size >= frozen_size_1_0 ? 1 : 0;
}

/** Returns 1 when a set buffer's struct_size is the frozen sizeof(ph_buffer), else 0. */
static inline int32_t ph_buffer_size_is_valid(uint32_t struct_size) {
    return struct_size == PH_BUFFER_SIZE_1_0 ? 1 : 0;
}

/* ---- Status codes (int32_t) ---------------------------------------------------------------- */

/** The call finished and the activity succeeded; ph_result.output holds its output. */
#define PH_STATUS_SUCCEEDED 0
/** The call finished and the activity failed; ph_result.error holds the error. */
#define PH_STATUS_FAILED 1
/** start/poll only: the operation is still running; ph_result.state and next_poll_ms are set. */
#define PH_STATUS_RUNNING 2
/* Any other value is a protocol violation: the host fails the activity and names the plugin. */

/* ---- Log levels (int32_t) ------------------------------------------------------------------ */

#define PH_LOG_TRACE 0
#define PH_LOG_DEBUG 1
#define PH_LOG_INFO 2
#define PH_LOG_WARNING 3
#define PH_LOG_ERROR 4

/* ---- Activity flags (uint64_t) ------------------------------------------------------------- */

/** The activity's functions may be called concurrently from several threads. Without this flag the
 *  host never calls two functions of this descriptor at the same time. */
#define PH_ACTIVITY_THREAD_SAFE (UINT64_C(1) << 0)
/** The activity is a long-running operation: start/poll/cancel are set and run is NULL.
 *  Without this flag run is set and start/poll/cancel are NULL. */
#define PH_ACTIVITY_LONG_RUNNING (UINT64_C(1) << 1)

/* ---- Limits --------------------------------------------------------------------------------- */

/** Largest output or error the host accepts (bytes); larger results fail the activity. */
#define PH_MAX_RESULT_BYTES (UINT64_C(4) * 1024 * 1024)
/** Largest operation state the host accepts (bytes); it is stored with the run. */
#define PH_MAX_STATE_BYTES (UINT64_C(64) * 1024)

/* ---- Buffers ------------------------------------------------------------------------------- */

/**
 * A run of bytes that carries its own release, so whoever allocated it frees it (as in Arrow's C
 * data interface). ph_buffer is embedded by value in ph_result and is therefore frozen: it will
 * never grow. struct_size must equal sizeof(ph_buffer) (PH_BUFFER_SIZE_1_0) whenever data or
 * release is set.
 *
 * An empty buffer is all zeroes. The receiver of a buffer calls release exactly once when it is
 * done with the bytes (release may be NULL for static bytes); release sets buffer->release to
 * NULL. Release is [any-thread].
 */
typedef struct ph_buffer {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    const uint8_t *data; /* may be NULL when length is 0 */
    uint64_t length;
    void *release_context; /* owned by whoever set release; passed back through the buffer */
    void (*release)(struct ph_buffer *buffer);
} ph_buffer;
PH_STATIC_ASSERT(sizeof(ph_buffer) == PH_BUFFER_SIZE_1_0, "ph_buffer is frozen at PH_BUFFER_SIZE_1_0 bytes");

/**
 * What an activity call produced. The host zeroes it, sets struct_size, and passes it to the call;
 * the plugin fills the buffers that go with the status it returns and leaves the others empty, and
 * writes a field that a later minor appended only when PH_HAS_FIELD says the host's struct holds it.
 * After the call the host owns every buffer set here and releases it.
 */
typedef struct ph_result {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    /** PH_STATUS_SUCCEEDED: the activity output, a UTF-8 JSON object. Empty means {}. */
    ph_buffer output;
    /** PH_STATUS_FAILED: a UTF-8 JSON error object in ADF's shape:
     *  {"errorCode": "2600", "message": "...", "failureType": "UserError" | "SystemError",
     *   "details": <any JSON, optional>}. Empty means an unexplained failure. */
    ph_buffer error;
    /** PH_STATUS_RUNNING: opaque operation state, at most PH_MAX_STATE_BYTES. The host stores it
     *  with the run and passes it back to poll and cancel, also after a host restart, so it must
     *  identify the remote operation on its own (e.g. a job id) and must hold no secret. */
    ph_buffer state;
    /** PH_STATUS_RUNNING: milliseconds until the host should poll; 0 means the host's default. */
    uint64_t next_poll_ms;
} ph_result;
PH_STATIC_ASSERT(PH_FIELD_END(ph_result, next_poll_ms) == PH_RESULT_SIZE_1_0, "ph_result's 1.0 fields end at PH_RESULT_SIZE_1_0");

/* ---- Host services ------------------------------------------------------------------------- */

struct ph_host_services;

/**
 * The context of one activity call. Host-owned, valid only during the call; do not keep it.
 */
typedef struct ph_call_context {
    uint32_t struct_size;
    /** 1 for the first attempt of the activity run, 2 for the first retry, and so on. */
    uint32_t attempt;
    /** Unique among the calls of this host process. */
    uint64_t call_id;
    /** The services table that init received. */
    const struct ph_host_services *services;
    /** The activity run id (NUL-terminated UTF-8); the same for start, every poll and cancel. */
    const char *activity_run_id;
    /** Host-owned; do not touch. */
    void *host_data;
} ph_call_context;
PH_STATIC_ASSERT(PH_FIELD_END(ph_call_context, host_data) == PH_CALL_CONTEXT_SIZE_1_0,
                 "ph_call_context's 1.0 fields end at PH_CALL_CONTEXT_SIZE_1_0");

/**
 * Functions the host offers to its plugins, passed to init. The table and every pointer in it stay
 * valid until deinit returns. The table is append-only across ABI minors: check PH_HAS_FIELD
 * before using a field that a later minor added.
 */
typedef struct ph_host_services {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t reserved; /* zero */
    /** The host's name and version, e.g. "pipehost 0.1.0" (NUL-terminated). */
    const char *host_version;
    /** Host-owned; do not touch. */
    void *host_data;

    /** [any-thread] Writes one message to the run's log (never to stdout). context may be NULL for
     *  messages outside a call (init, background threads). message is UTF-8 of length bytes and
     *  need not be NUL-terminated; the host copies it (and may cut a very long one). Never logs
     *  secrets for you: do not pass them. */
    void (*log)(const struct ph_host_services *self, const ph_call_context *context, int32_t level,
                const char *message, uint64_t length);

    /** [any-thread, during the call] Reports the progress of the call: fraction in 0...1, or a
     *  negative number when unknown; message (UTF-8, length bytes, may be NULL) says what is
     *  happening. The host shows it live and keeps the last one. */
    void (*progress)(const struct ph_host_services *self, const ph_call_context *context,
                     double fraction, const char *message, uint64_t length);

    /** [any-thread, during the call] Returns 1 once the host wants this call to stop (the activity
     *  was cancelled or its timeout passed), else 0. Cheap: poll it in loops and while waiting. A
     *  long-running operation is also stopped through cancel. */
    int32_t (*is_cancelled)(const struct ph_host_services *self, const ph_call_context *context);

    /** [any-thread] Allocates size bytes (malloc-compatible alignment), or returns NULL. */
    void *(*alloc)(const struct ph_host_services *self, uint64_t size);
    /** [any-thread] Frees what alloc returned; NULL is ignored. */
    void (*free)(const struct ph_host_services *self, void *pointer);
    /** [any-thread] A buffer release function that frees data with this table's free: a plugin that
     *  allocates result bytes with alloc can set ph_buffer.release to it. */
    void (*release_allocated)(ph_buffer *buffer);

    /** [any-thread] Looks up an optional host feature by versioned id ("org.pipehost.host-info/1").
     *  Returns a pointer to that extension's struct, valid until deinit, or NULL when the host does
     *  not offer it. Ask once in init and keep the pointer. */
    const void *(*get_extension)(const struct ph_host_services *self, const char *id);
} ph_host_services;
PH_STATIC_ASSERT(PH_FIELD_END(ph_host_services, get_extension) == PH_HOST_SERVICES_SIZE_1_0,
                 "ph_host_services' 1.0 fields end at PH_HOST_SERVICES_SIZE_1_0");

/** Extension "org.pipehost.host-info/1": facts about the host process. */
#define PH_EXT_HOST_INFO "org.pipehost.host-info/1"
typedef struct ph_ext_host_info {
    uint32_t struct_size;
    uint32_t reserved;
    /** Folder where plugins may create working folders (exists; NUL-terminated absolute path). */
    const char *work_directory;
    /** 1 when this plugin runs in an isolated worker process, 0 when in the host process. */
    int32_t isolated;
    uint32_t reserved2;
} ph_ext_host_info;
PH_STATIC_ASSERT(PH_FIELD_END(ph_ext_host_info, reserved2) == PH_EXT_HOST_INFO_SIZE_1_0,
                 "ph_ext_host_info's 1.0 fields end at PH_EXT_HOST_INFO_SIZE_1_0");

/* ---- Activities ---------------------------------------------------------------------------- */

/**
 * Every activity function receives:
 *   plugin_context  what init stored in *plugin_context;
 *   context         the call's context (host-owned, valid during the call);
 *   invocation      the call's UTF-8 JSON invocation (host-owned, valid during the call), see
 *                   docs/plugin-abi.md: activity name and type, evaluated typeProperties, policy,
 *                   resolved linked services with secrets in clear, run identifiers, settings.
 *                   Its members are only added within an abiVersion (ignore unknown ones):
 *                   activity.inputs/outputs (resolved datasets), then dataFlow (the data flow an
 *                   ExecuteDataFlow runs, with its sources' and sinks' datasets and linked
 *                   services resolved);
 *   result          zeroed by the host, filled by the plugin.
 * and returns a PH_STATUS_* value. It must not throw, longjmp or exit across this boundary: every
 * error becomes PH_STATUS_FAILED with an error buffer.
 */
typedef int32_t (*ph_activity_run_fn)(void *plugin_context, const ph_call_context *context,
                                      const uint8_t *invocation, uint64_t invocation_length,
                                      ph_result *result);

/** poll and cancel also receive the operation state that start or the previous poll returned
 *  (host-owned bytes, valid during the call). */
typedef int32_t (*ph_activity_operation_fn)(void *plugin_context, const ph_call_context *context,
                                            const uint8_t *invocation, uint64_t invocation_length,
                                            const uint8_t *state, uint64_t state_length,
                                            ph_result *result);

/**
 * One activity type a plugin implements. Static, image-lifetime memory.
 */
typedef struct ph_activity_descriptor {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    /** The ADF activity "type" this descriptor claims, e.g. "AzureMLBatchExecution" (NUL-terminated,
     *  1 to 128 characters from [A-Za-z0-9_.-]). Matched exactly. */
    const char *type_name;
    /** One line for `pipehost plugins list`; may be NULL. */
    const char *description;
    /** PH_ACTIVITY_* bits; unknown bits are refused. */
    uint64_t flags;

    /** [worker-thread] Synchronous shape: does the whole activity and returns SUCCEEDED or FAILED.
     *  May block; should check is_cancelled regularly and return FAILED soon after it says 1.
     *  Set when PH_ACTIVITY_LONG_RUNNING is clear, NULL otherwise. */
    ph_activity_run_fn run;

    /** [worker-thread] Long-running shape, step 1: submits the operation and returns quickly with
     *  RUNNING (state, next_poll_ms), or SUCCEEDED / FAILED if it finished at once. */
    ph_activity_run_fn start;
    /** [worker-thread] Step 2, called by the host's timer until it returns SUCCEEDED or FAILED:
     *  checks the operation named by state and returns RUNNING (a new state and delay), SUCCEEDED
     *  (output) or FAILED (error). Must not block for long: the host owns the waiting. Also called
     *  after a host restart with a state saved by an earlier process. */
    ph_activity_operation_fn poll;
    /** [worker-thread] Asks the remote side to stop the operation named by state (the activity was
     *  cancelled or timed out). Returns SUCCEEDED when the request was made, FAILED (error) when it
     *  could not be; either way the host records the activity as cancelled or timed out. During
     *  this call is_cancelled reports 0, so that the request itself is not abandoned. */
    ph_activity_operation_fn cancel;

    /* ---- ABI 1.1 (read only when PH_HAS_FIELD finds it) ---- */

    /** The linked service types this activity can reach, as ADF spells them, separated by commas
     *  ("AzureBlobStorage,FileServer,PostgreSql"; each 1 to 128 characters from [A-Za-z0-9_.-],
     *  at most 256 of them, 4,095 bytes in all), NUL-terminated; NULL when the activity does not say. `pipehost
     *  validate` warns when a pipeline's activity of this type reaches a linked service of another
     *  type, directly or through a dataset: ADF accepts it, and the activity will fail when it runs. */
    const char *linked_service_types;
} ph_activity_descriptor;
PH_STATIC_ASSERT(PH_FIELD_END(ph_activity_descriptor, cancel) == PH_ACTIVITY_DESCRIPTOR_SIZE_1_0,
                 "ph_activity_descriptor's 1.0 fields end at PH_ACTIVITY_DESCRIPTOR_SIZE_1_0");

/* ---- The plugin table ---------------------------------------------------------------------- */

/**
 * What pipehost_plugin_entry_v1 returns. Static, image-lifetime memory; the host never writes it.
 */
typedef struct ph_plugin {
    uint32_t struct_size;
    /** PH_PLUGIN_MAGIC. */
    uint32_t magic;
    /** PH_ABI_MAJOR and PH_ABI_MINOR as the plugin was compiled. */
    uint32_t abi_major;
    uint32_t abi_minor;
    /** PH_BUILD_TAG_C_ABI, or for Swift plugins "swift-<compiler version>/<target triple>"
     *  (PluginKit fills it in); compared with the host's own tag. */
    const char *build_tag;
    /** Reverse-DNS id, unique per plugin, e.g. "org.pipehost.azureml". */
    const char *plugin_id;
    /** The plugin's own version, semantic versioning, e.g. "1.4.0". */
    const char *version;
    /** One line for `pipehost plugins list`; may be NULL. */
    const char *description;
    /** Number of entries in activities; at least 1. */
    uint32_t activity_count;
    uint32_t reserved; /* zero */
    /** activity_count pointers to descriptors (pointers, so that descriptors can grow). */
    const ph_activity_descriptor *const *activities;

    /** [host-thread] Called once after validation. settings is the plugin's "settings" object from
     *  plugins.json as UTF-8 JSON ("{}" when absent; host-owned, valid during the call). Stores the
     *  plugin's own context in *plugin_context (may stay NULL) and returns PH_STATUS_SUCCEEDED, or
     *  returns PH_STATUS_FAILED and fills *error with a JSON error object ({"message": "..."})
     *  that the host shows to the user and then releases. May be NULL when there is nothing to do. */
    int32_t (*init)(const ph_host_services *services, const uint8_t *settings, uint64_t settings_length,
                    void **plugin_context, ph_buffer *error);

    /** [host-thread] Called once at clean shutdown, after every call returned; may be NULL. */
    void (*deinit)(void *plugin_context);
} ph_plugin;
PH_STATIC_ASSERT(PH_FIELD_END(ph_plugin, deinit) == PH_PLUGIN_SIZE_1_0, "ph_plugin's 1.0 fields end at PH_PLUGIN_SIZE_1_0");

/** The type of the entry function, for hosts that look it up with dlsym. */
typedef const ph_plugin *(*ph_plugin_entry_v1_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);

/**
 * [host-thread] The one exported symbol. Returns the plugin's table (image-lifetime memory), or NULL
 * when the plugin cannot serve a host of that ABI (the host then reports that the plugin refused
 * its ABI). May be called more than once and returns the same table each time; must be cheap and
 * free of side effects visible to the host.
 */
PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* PIPEHOST_PLUGIN_H */
