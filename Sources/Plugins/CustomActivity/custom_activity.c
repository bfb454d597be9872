/* ADF's Custom activity, run locally: a plain-C pipehost plugin written from pipehost_plugin.h alone.
 *
 * ADF runs typeProperties.command on an Azure Batch node, in a task folder holding the files of
 * folderPath (flattened) and activity.json, linkedServices.json and datasets.json; stdout and
 * stderr are kept as files; outputs.json becomes the output's customOutput; exit code 0 means
 * success. This plugin does the same on this machine: a fresh task folder per attempt under the
 * host's work folder (<work>/custom/<activityRunId>-XXXXXX, with the command's working folder
 * "wd" inside, as on Batch), the command run by /bin/sh in its own process group, cancellation
 * stopping the whole group. docs/custom-activity.md describes it for users. */
#define _GNU_SOURCE
#include "custom_activity.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "command_process.h"
#include "json_reader.h"
#include "json_writer.h"
#include "work_folder.h"

/* ADF's limit for outputs.json. */
#define OUTPUTS_JSON_LIMIT (2u * 1024u * 1024u)
#define TAIL_BYTES 4096u

typedef struct custom_plugin {
    const ph_host_services *services;
    char *work_root;
    char *shell;
    unsigned grace_ms;
    unsigned tail_lines;
} custom_plugin;

/* ---- Buffers and results ------------------------------------------------------------------- */

static void release_malloced(ph_buffer *buffer) {
    free((void *)buffer->data);
    buffer->data = NULL;
    buffer->length = 0;
    buffer->release = NULL;
}

/* Hands the writer's bytes to a result buffer (the host releases them). */
static void give(ph_buffer *buffer, json_writer *writer) {
    memset(buffer, 0, sizeof *buffer);
    buffer->struct_size = (uint32_t)sizeof(ph_buffer);
    buffer->data = (const uint8_t *)writer->data;
    buffer->length = writer->length;
    buffer->release = release_malloced;
    writer->data = NULL;
    writer->length = writer->capacity = 0;
}

static void log_message(const custom_plugin *plugin, const ph_call_context *context, int32_t level, const char *text) {
    if (plugin->services->log) plugin->services->log(plugin->services, context, level, text, strlen(text));
}

/* Fills result->error with an ADF-shaped error; details is a JSON object text or NULL. */
static int32_t fail(ph_result *result, const char *code, const char *failure_type, const char *message,
                    const json_writer *details) {
    json_writer error = {0};
    json_write_text(&error, "{");
    json_write_key(&error, "errorCode", 1);
    json_write_cstring(&error, code);
    json_write_key(&error, "message", 0);
    json_write_cstring(&error, message);
    json_write_key(&error, "failureType", 0);
    json_write_cstring(&error, failure_type);
    if (details && details->length && !details->failed) {
        json_write_key(&error, "details", 0);
        json_write_raw(&error, details->data, details->length);
    }
    json_write_text(&error, "}");
    if (!error.failed) give(&result->error, &error);
    json_writer_free(&error);
    return PH_STATUS_FAILED;
}

/* ---- init / deinit ------------------------------------------------------------------------- */

static int32_t refuse(ph_buffer *error, const char *message) {
    json_writer writer = {0};
    json_write_text(&writer, "{\"message\":");
    json_write_cstring(&writer, message);
    json_write_text(&writer, "}");
    if (!writer.failed && error) give(error, &writer);
    json_writer_free(&writer);
    return PH_STATUS_FAILED;
}

static int32_t custom_init(const ph_host_services *services, const uint8_t *settings, uint64_t settings_length,
                           void **plugin_context, ph_buffer *error) {
    json_span root = {"{}", 2};
    if (settings && settings_length > 0 && !json_parse((const char *)settings, settings_length, &root, NULL))
        return refuse(error, "the settings are not valid JSON");
    custom_plugin *plugin = calloc(1, sizeof *plugin);
    if (!plugin) return refuse(error, "out of memory");
    plugin->services = services;
    plugin->grace_ms = 2000;
    plugin->tail_lines = 20;

    json_span value;
    char *work_directory = NULL;
    if (json_member(root, "workDirectory", &value)) {
        work_directory = json_string_copy(value, NULL);
        if (!work_directory) {
            free(plugin);
            return refuse(error, "settings.workDirectory must be a string (a folder path)");
        }
    } else if (services->get_extension && PH_HAS_FIELD(services, ph_host_services, get_extension)) {
        const ph_ext_host_info *info = services->get_extension(services, PH_EXT_HOST_INFO);
        if (info && PH_HAS_FIELD(info, ph_ext_host_info, work_directory) && info->work_directory)
            work_directory = strdup(info->work_directory);
    }
    if (!work_directory) work_directory = strdup(getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    plugin->shell = strdup("/bin/sh");
    if (json_member(root, "shell", &value)) {
        free(plugin->shell);
        plugin->shell = json_string_copy(value, NULL);
    }
    for (int i = 0; i < 2; i++) {
        const char *name = i == 0 ? "cancelGraceMilliseconds" : "tailLines";
        if (!json_member(root, name, &value)) continue;
        char digits[16] = {0};
        if (json_kind_of(value) != JSON_NUMBER || value.length >= sizeof digits || value.start[0] == '-' ||
            memchr(value.start, '.', value.length) || memchr(value.start, 'e', value.length)) {
            free(work_directory);
            free(plugin->shell);
            free(plugin);
            char message[96];
            snprintf(message, sizeof message, "settings.%s must be a whole number of at least 0", name);
            return refuse(error, message);
        }
        memcpy(digits, value.start, value.length);
        unsigned number = (unsigned)strtoul(digits, NULL, 10);
        if (i == 0) plugin->grace_ms = number;
        else plugin->tail_lines = number;
    }
    size_t size = strlen(work_directory) + sizeof "/custom";
    plugin->work_root = malloc(size);
    if (plugin->work_root) snprintf(plugin->work_root, size, "%s/custom", work_directory);
    free(work_directory);
    if (!plugin->work_root || !plugin->shell) {
        free(plugin->work_root);
        free(plugin->shell);
        free(plugin);
        return refuse(error, "settings.shell must be a string (the shell's path)");
    }
    *plugin_context = plugin;
    return PH_STATUS_SUCCEEDED;
}

static void custom_deinit(void *plugin_context) {
    custom_plugin *plugin = plugin_context;
    if (!plugin) return;
    free(plugin->work_root);
    free(plugin->shell);
    free(plugin);
}

/* ---- The contract's files ------------------------------------------------------------------ */

/* Writes linkedServices.json or datasets.json: an array, in the order referenceObjects names them,
 * of {"name": …, "properties": {…}} as ADF's files hold them. Returns 0, or fills message. */
static int write_references(const char *path, json_span type_properties, json_span resolved, const char *kind,
                            char *message, size_t message_size) {
    json_writer file = {0};
    json_write_text(&file, "[");
    json_span references, list, reference, name_value;
    int count = 0;
    if (json_member(type_properties, "referenceObjects", &references) && json_member(references, kind, &list)) {
        json_iterator elements = json_iterate(list);
        while (json_next_element(&elements, &reference)) {
            char *name = NULL;
            if (json_member(reference, "referenceName", &name_value)) name = json_string_copy(name_value, NULL);
            json_span entry;
            if (!name || !json_member(resolved, name, &entry) || json_kind_of(entry) != JSON_OBJECT) {
                snprintf(message, message_size,
                         "referenceObjects.%s[%d] names %s%s%s, which the host did not resolve; "
                         "check the reference's referenceName",
                         kind, count, name ? "'" : "no ", name ? name : "referenceName", name ? "'" : "");
                free(name);
                json_writer_free(&file);
                return -1;
            }
            json_write_text(&file, count ? ",{" : "{");
            json_write_key(&file, "name", 1);
            json_write_cstring(&file, name);
            json_span properties, member;
            json_write_key(&file, "properties", 0);
            if (json_member(entry, "properties", &properties)) {
                json_write_raw(&file, properties.start, properties.length); /* a dataset as written */
            } else {                                                       /* a resolved linked service */
                json_write_text(&file, "{");
                int first = 1;
                if (json_member(entry, "type", &member)) {
                    json_write_key(&file, "type", first);
                    json_write_raw(&file, member.start, member.length);
                    first = 0;
                }
                if (json_member(entry, "typeProperties", &member)) {
                    json_write_key(&file, "typeProperties", first);
                    json_write_raw(&file, member.start, member.length);
                }
                json_write_text(&file, "}");
            }
            json_write_text(&file, "}");
            free(name);
            count++;
        }
    }
    json_write_text(&file, "]\n");
    int failure = file.failed ? 12 : file_write_all(path, file.data, file.length);
    json_writer_free(&file);
    if (failure) {
        snprintf(message, message_size, "cannot write '%s': %s", path, strerror(failure));
        return -1;
    }
    return 0;
}

static char *path_in(const char *folder, const char *name) {
    size_t size = strlen(folder) + strlen(name) + 2;
    char *path = malloc(size);
    if (path) snprintf(path, size, "%s/%s", folder, name);
    return path;
}

/* ---- run ------------------------------------------------------------------------------------- */

typedef struct cancel_probe {
    const ph_host_services *services;
    const ph_call_context *context;
} cancel_probe;

static int probe_cancelled(void *context) {
    const cancel_probe *probe = context;
    return probe->services->is_cancelled ? probe->services->is_cancelled(probe->services, probe->context) : 0;
}

/* The outcome summary both success and failure report. */
static void write_outcome_members(json_writer *writer, const command_result *outcome, const char *task_folder,
                                  const char *working_folder, unsigned tail_lines) {
    char *stdout_path = path_in(task_folder, "stdout.txt");
    char *stderr_path = path_in(task_folder, "stderr.txt");
    json_write_key(writer, "exitcode", 1);
    json_write_integer(writer, outcome->exited ? outcome->exit_code : 128 + outcome->term_signal);
    json_write_key(writer, "outputs", 0);
    json_write_text(writer, "[");
    json_write_cstring(writer, stdout_path ? stdout_path : "");
    json_write_text(writer, ",");
    json_write_cstring(writer, stderr_path ? stderr_path : "");
    json_write_text(writer, "]");
    const char *names[2] = {"stdoutTail", "stderrTail"};
    const char *paths[2] = {stdout_path, stderr_path};
    for (int i = 0; i < 2; i++) {
        size_t length = 0;
        char *tail = paths[i] ? file_tail(paths[i], tail_lines, TAIL_BYTES, &length) : NULL;
        json_write_key(writer, names[i], 0);
        json_write_string(writer, tail ? tail : "", tail ? length : 0);
        free(tail);
    }
    json_write_key(writer, "workingDirectory", 0);
    json_write_cstring(writer, working_folder);
    json_write_key(writer, "effectiveIntegrationRuntime", 0);
    json_write_cstring(writer, "pipehost (local)");
    free(stdout_path);
    free(stderr_path);
}

static int32_t run_in_folder(custom_plugin *plugin, const ph_call_context *context, json_span root,
                             json_span type_properties, const char *command, const char *task_folder,
                             ph_result *result) {
    char message[1024];
    char *working_folder = path_in(task_folder, "wd");
    char *stdout_path = path_in(task_folder, "stdout.txt");
    char *stderr_path = path_in(task_folder, "stderr.txt");
    char *activity_path = working_folder ? path_in(working_folder, "activity.json") : NULL;
    char *services_path = working_folder ? path_in(working_folder, "linkedServices.json") : NULL;
    char *datasets_path = working_folder ? path_in(working_folder, "datasets.json") : NULL;
    char *outputs_path = working_folder ? path_in(working_folder, "outputs.json") : NULL;
    int32_t status = PH_STATUS_FAILED;
    json_writer output = {0}, details = {0};
    char *custom_output = NULL;

    if (!working_folder || !stdout_path || !stderr_path || !activity_path || !services_path || !datasets_path ||
        !outputs_path) {
        status = fail(result, "2500", "SystemError", "Hit unexpected exception and execution failed: out of memory", NULL);
        goto done;
    }
    if (mkdir(working_folder, 0700) != 0) {
        snprintf(message, sizeof message, "cannot create the working folder '%s': %s", working_folder, strerror(errno));
        status = fail(result, "2500", "SystemError", message, NULL);
        goto done;
    }

    json_span folder_path_value;
    if (json_member(type_properties, "folderPath", &folder_path_value) && json_kind_of(folder_path_value) != JSON_NULL) {
        char *folder_path = json_string_copy(folder_path_value, NULL);
        if (!folder_path) {
            status = fail(result, "2104", "UserError",
                          "The type of the property 'folderPath' is incorrect: expected a string (a local folder).", NULL);
            goto done;
        }
        folder_copy_status copied = folder_copy_flattened(folder_path, working_folder, message, sizeof message);
        free(folder_path);
        if (copied != FOLDER_COPY_OK) {
            const char *code = copied == FOLDER_COPY_EMPTY ? "2507" : copied == FOLDER_COPY_DUPLICATE ? "2508" : "2500";
            if (copied == FOLDER_COPY_DUPLICATE)
                strncat(message, "; there are duplicate files in the resource folder (its subfolders are flattened)",
                        sizeof message - strlen(message) - 1);
            status = fail(result, code, "UserError", message, NULL);
            goto done;
        }
    }

    json_span activity, resolved;
    int failure = 0;
    if (json_member(root, "activity", &activity))
        failure = file_write_all(activity_path, activity.start, activity.length);
    if (failure) {
        snprintf(message, sizeof message, "cannot write '%s': %s", activity_path, strerror(failure));
        status = fail(result, "2500", "SystemError", message, NULL);
        goto done;
    }
    json_span empty = {"{}", 2};
    if (write_references(services_path, type_properties, json_member(root, "linkedServices", &resolved) ? resolved : empty,
                         "linkedServices", message, sizeof message) != 0 ||
        write_references(datasets_path, type_properties, json_member(root, "datasets", &resolved) ? resolved : empty,
                         "datasets", message, sizeof message) != 0) {
        status = fail(result, "2105", "UserError", message, NULL);
        goto done;
    }

    snprintf(message, sizeof message, "running the command in '%s'", working_folder);
    log_message(plugin, context, PH_LOG_INFO, message);
    if (plugin->services->progress) plugin->services->progress(plugin->services, context, -1.0, "command running", 15);
    cancel_probe probe = {plugin->services, context};
    command_result outcome;
    command_run(plugin->shell, command, working_folder, stdout_path, stderr_path, plugin->grace_ms, probe_cancelled,
                &probe, &outcome);

    if (!outcome.started) {
        snprintf(message, sizeof message, "Hit unexpected exception and execution failed: cannot start '%s': %s",
                 plugin->shell, strerror(outcome.start_error));
        status = fail(result, "2500", "SystemError", message, NULL);
        goto done;
    }
    json_write_text(&details, "{");
    write_outcome_members(&details, &outcome, task_folder, working_folder, plugin->tail_lines);
    json_write_key(&details, "processGroup", 0);
    json_write_integer(&details, outcome.process_group);
    json_write_text(&details, "}");

    if (outcome.cancelled) {
        status = fail(result, "ActivityCancelled", "UserError",
                      "The activity was cancelled; the command's process group was stopped.", &details);
        goto done;
    }
    if (!outcome.exited || outcome.exit_code != 0) {
        if (!outcome.exited)
            snprintf(message, sizeof message, "The command was ended by signal %d (%s). See stderr.txt in '%s'.",
                     outcome.term_signal, strsignal(outcome.term_signal), task_folder);
        else if (outcome.exit_code == 127)
            snprintf(message, sizeof message,
                     "The command could not be found: the shell exited with code 127. Make sure the program exists "
                     "in folderPath or on PATH; stderr.txt in '%s' has the shell's message.", task_folder);
        else if (outcome.exit_code == 126)
            snprintf(message, sizeof message,
                     "The command could not be executed (exit code 126): check that the program is executable. "
                     "See stderr.txt in '%s'.", task_folder);
        else
            snprintf(message, sizeof message, "The command exited with code %d. See stdout.txt and stderr.txt in '%s'.",
                     outcome.exit_code, task_folder);
        status = fail(result, "2500", "UserError", message, &details);
        goto done;
    }

    size_t custom_length = 0;
    int missing = 0, too_large = 0;
    custom_output = file_read_all(outputs_path, OUTPUTS_JSON_LIMIT, &custom_length, &missing, &too_large);
    json_span custom_value = {NULL, 0};
    size_t error_offset = 0;
    if (!custom_output && !missing) {
        snprintf(message, sizeof message, too_large ? "outputs.json in '%s' is larger than 2 MB, ADF's limit for customOutput"
                                                    : "outputs.json in '%s' cannot be read",
                 working_folder);
        status = fail(result, "2500", "UserError", message, &details);
        goto done;
    }
    if (custom_output && !json_parse(custom_output, custom_length, &custom_value, &error_offset)) {
        snprintf(message, sizeof message,
                 "outputs.json in '%s' is not valid JSON (near byte %zu); the activity copies it into its output as "
                 "customOutput, so it must be JSON",
                 working_folder, error_offset);
        status = fail(result, "2500", "UserError", message, &details);
        goto done;
    }

    json_write_text(&output, "{");
    write_outcome_members(&output, &outcome, task_folder, working_folder, plugin->tail_lines);
    if (custom_value.start) {
        json_write_key(&output, "customOutput", 0);
        json_write_raw(&output, custom_value.start, custom_value.length);
    }
    json_write_text(&output, "}");
    if (output.failed) {
        status = fail(result, "2500", "SystemError", "Hit unexpected exception and execution failed: out of memory", NULL);
        goto done;
    }
    give(&result->output, &output);
    status = PH_STATUS_SUCCEEDED;

done:
    json_writer_free(&output);
    json_writer_free(&details);
    free(custom_output);
    free(working_folder);
    free(stdout_path);
    free(stderr_path);
    free(activity_path);
    free(services_path);
    free(datasets_path);
    free(outputs_path);
    return status;
}

static int32_t custom_run(void *plugin_context, const ph_call_context *context, const uint8_t *invocation,
                          uint64_t invocation_length, ph_result *result) {
    custom_plugin *plugin = plugin_context;
    if (!result || !PH_HAS_FIELD(result, ph_result, next_poll_ms)) return PH_STATUS_FAILED;
    if (!plugin) return fail(result, "2500", "SystemError", "The Custom plugin was called without its context.", NULL);

    json_span root, activity, type_properties, command_value;
    if (!invocation || !json_parse((const char *)invocation, invocation_length, &root, NULL) ||
        !json_member(root, "activity", &activity) || !json_member(activity, "typeProperties", &type_properties))
        return fail(result, "2500", "SystemError", "The host sent an invocation without activity.typeProperties.", NULL);
    if (!json_member(type_properties, "command", &command_value))
        return fail(result, "2103", "UserError", "Please provide value for the required property 'command'.", NULL);
    char *command = json_string_copy(command_value, NULL);
    if (!command || command[0] == '\0') {
        free(command);
        return fail(result, "2104", "UserError",
                    "The type of the property 'command' is incorrect: expected a non-empty string.", NULL);
    }

    /* The task folder is named after the activity run, for people looking for it. */
    char prefix[72];
    size_t used = 0;
    const char *run_id = context && context->activity_run_id ? context->activity_run_id : "";
    for (const char *p = run_id; *p && used < 64; p++) {
        char c = *p;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '_' || c == '.';
        prefix[used++] = keep ? c : '_';
    }
    if (used == 0) memcpy(prefix, "run", (used = 3));
    prefix[used] = '\0';

    char message[1024];
    char *task_folder = folder_create_unique(plugin->work_root, prefix, message, sizeof message);
    if (!task_folder) {
        free(command);
        return fail(result, "2500", "SystemError", message, NULL);
    }
    int32_t status = run_in_folder(plugin, context, root, type_properties, command, task_folder, result);
    free(task_folder);
    free(command);
    return status;
}

/* ---- The table --------------------------------------------------------------------------- */

static const ph_activity_descriptor custom_descriptor = {
    .struct_size = sizeof(ph_activity_descriptor),
    .type_name = "Custom",
    .description = "ADF's Custom activity run locally: typeProperties.command in a task folder with "
                   "activity.json, linkedServices.json and datasets.json",
    .flags = PH_ACTIVITY_THREAD_SAFE,
    .run = custom_run,
};

static const ph_activity_descriptor *const custom_descriptors[] = {&custom_descriptor};

static const ph_plugin custom_plugin_table = {
    .struct_size = sizeof(ph_plugin),
    .magic = PH_PLUGIN_MAGIC,
    .abi_major = PH_ABI_MAJOR,
    .abi_minor = PH_ABI_MINOR,
    .build_tag = PH_BUILD_TAG_C_ABI,
    .plugin_id = "org.pipehost.custom",
    .version = "1.0.0",
    .description = "ADF's Custom activity, run on this machine (plain C)",
    .activity_count = 1,
    .activities = custom_descriptors,
    .init = custom_init,
    .deinit = custom_deinit,
};

PH_EXPORT const ph_plugin *pipehost_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PH_ABI_MAJOR ? &custom_plugin_table : NULL;
}
