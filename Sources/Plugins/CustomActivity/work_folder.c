/* The Custom activity's working folder. */
#define _GNU_SOURCE
#include "work_folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int make_directories(const char *path) {
    char *copy = strdup(path);
    if (!copy) return ENOMEM;
    int result = 0;
    for (char *p = copy + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
                result = errno;
                break;
            }
            *p = saved;
            if (saved == '\0') break;
        }
    }
    free(copy);
    return result;
}

char *folder_create_unique(const char *root, const char *prefix, char *error, size_t error_size) {
    int failure = make_directories(root);
    if (failure) {
        snprintf(error, error_size, "cannot create the folder '%s': %s", root, strerror(failure));
        return NULL;
    }
    size_t size = strlen(root) + strlen(prefix) + 16;
    char *path = malloc(size);
    if (!path) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    snprintf(path, size, "%s/%s-XXXXXX", root, prefix);
    if (!mkdtemp(path)) {
        snprintf(error, error_size, "cannot create a working folder in '%s': %s", root, strerror(errno));
        free(path);
        return NULL;
    }
    return path;
}

static int copy_file(const char *from, const char *to, mode_t mode, char *error, size_t error_size) {
    int input = open(from, O_RDONLY | O_CLOEXEC);
    if (input < 0) {
        snprintf(error, error_size, "cannot read '%s': %s", from, strerror(errno));
        return -1;
    }
    int output = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
    if (output < 0) {
        int saved = errno;
        close(input);
        if (saved == EEXIST) return 1;
        snprintf(error, error_size, "cannot create '%s': %s", to, strerror(saved));
        return -1;
    }
    char buffer[64 * 1024];
    int result = 0;
    for (;;) {
        ssize_t got = read(input, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(error, error_size, "cannot read '%s': %s", from, strerror(errno));
            result = -1;
            break;
        }
        if (got == 0) break;
        for (ssize_t written = 0; written < got;) {
            ssize_t put = write(output, buffer + written, (size_t)(got - written));
            if (put < 0 && errno == EINTR) continue;
            if (put < 0) {
                snprintf(error, error_size, "cannot write '%s': %s", to, strerror(errno));
                result = -1;
                break;
            }
            written += put;
        }
        if (result) break;
    }
    close(input);
    close(output);
    return result;
}

static folder_copy_status copy_tree(const char *source, const char *destination, int *copied, char *error,
                                    size_t error_size) {
    DIR *directory = opendir(source);
    if (!directory) {
        if (errno == ENOENT || errno == ENOTDIR) return FOLDER_COPY_EMPTY;
        snprintf(error, error_size, "cannot list '%s': %s", source, strerror(errno));
        return FOLDER_COPY_FAILED;
    }
    folder_copy_status status = FOLDER_COPY_OK;
    struct dirent *entry;
    while (status == FOLDER_COPY_OK && (entry = readdir(directory)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        size_t size = strlen(source) + strlen(entry->d_name) + 2;
        char *path = malloc(size);
        if (!path) {
            snprintf(error, error_size, "out of memory");
            status = FOLDER_COPY_FAILED;
            break;
        }
        snprintf(path, size, "%s/%s", source, entry->d_name);
        struct stat info;
        if (stat(path, &info) != 0) {
            snprintf(error, error_size, "cannot read '%s': %s", path, strerror(errno));
            status = FOLDER_COPY_FAILED;
        } else if (S_ISDIR(info.st_mode)) {
            status = copy_tree(path, destination, copied, error, error_size);
        } else if (S_ISREG(info.st_mode)) {
            size_t target_size = strlen(destination) + strlen(entry->d_name) + 2;
            char *target = malloc(target_size);
            if (!target) {
                snprintf(error, error_size, "out of memory");
                status = FOLDER_COPY_FAILED;
            } else {
                snprintf(target, target_size, "%s/%s", destination, entry->d_name);
                int result = copy_file(path, target, info.st_mode, error, error_size);
                if (result == 1) {
                    snprintf(error, error_size, "'%s' has the same name as another file under folderPath",
                             path);
                    status = FOLDER_COPY_DUPLICATE;
                } else if (result < 0) {
                    status = FOLDER_COPY_FAILED;
                } else {
                    (*copied)++;
                }
                free(target);
            }
        }
        free(path);
    }
    closedir(directory);
    return status;
}

folder_copy_status folder_copy_flattened(const char *source, const char *destination, char *error,
                                         size_t error_size) {
    int copied = 0;
    folder_copy_status status = copy_tree(source, destination, &copied, error, error_size);
    if (status == FOLDER_COPY_OK && copied == 0) status = FOLDER_COPY_EMPTY;
    if (status == FOLDER_COPY_EMPTY) snprintf(error, error_size, "The folder path does not exist or is empty: %s", source);
    return status;
}

int file_write_all(const char *path, const char *bytes, size_t length) {
    int output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (output < 0) return errno;
    size_t written = 0;
    int result = 0;
    while (written < length) {
        ssize_t put = write(output, bytes + written, length - written);
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) {
            result = errno;
            break;
        }
        written += (size_t)put;
    }
    if (close(output) != 0 && result == 0) result = errno;
    return result;
}

char *file_read_all(const char *path, size_t limit, size_t *length, int *missing, int *too_large) {
    *missing = 0;
    *too_large = 0;
    int input = open(path, O_RDONLY | O_CLOEXEC);
    if (input < 0) {
        *missing = errno == ENOENT;
        return NULL;
    }
    struct stat info;
    if (fstat(input, &info) != 0) {
        close(input);
        return NULL;
    }
    if ((size_t)info.st_size > limit) {
        *too_large = 1;
        close(input);
        return NULL;
    }
    char *data = malloc((size_t)info.st_size + 1);
    size_t filled = 0;
    while (data && filled < (size_t)info.st_size) {
        ssize_t got = read(input, data + filled, (size_t)info.st_size - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        filled += (size_t)got;
    }
    close(input);
    if (!data) return NULL;
    data[filled] = '\0';
    *length = filled;
    return data;
}

char *file_tail(const char *path, unsigned lines, size_t max_bytes, size_t *length) {
    *length = 0;
    char *empty = calloc(1, 1);
    int input = open(path, O_RDONLY | O_CLOEXEC);
    if (input < 0) return empty;
    off_t size = lseek(input, 0, SEEK_END);
    off_t start = size > (off_t)max_bytes ? size - (off_t)max_bytes : 0;
    char *data = malloc(max_bytes + 1);
    ssize_t got = data && size > 0 ? pread(input, data, (size_t)(size - start), start) : 0;
    close(input);
    if (!data || got <= 0) {
        free(data);
        return empty;
    }
    free(empty);
    size_t end = (size_t)got;
    while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r')) end--; /* ignore the final newline */
    size_t begin = end;
    unsigned seen = 0;
    while (begin > 0) {
        if (data[begin - 1] == '\n' && ++seen == lines) break;
        begin--;
    }
    memmove(data, data + begin, end - begin);
    data[end - begin] = '\0';
    *length = end - begin;
    return data;
}
