/* The Custom activity's working folder: creating it, filling it from folderPath, and reading and
 * writing the files of ADF's contract. */
#ifndef PIPEHOST_CUSTOM_WORK_FOLDER_H
#define PIPEHOST_CUSTOM_WORK_FOLDER_H

#include <stddef.h>

/** Outcome of copying folderPath into the working folder. */
typedef enum folder_copy_status {
    FOLDER_COPY_OK = 0,
    /** folderPath does not exist or holds no file (ADF's error 2507). */
    FOLDER_COPY_EMPTY,
    /** Two files of the same name in different subfolders (ADF's error 2508). */
    FOLDER_COPY_DUPLICATE,
    /** A read or write failed; the message says which file. */
    FOLDER_COPY_FAILED
} folder_copy_status;

/** Creates root (and parents) and a new, private folder root/<prefix>-XXXXXX in it. Returns the
 *  malloc'd path, or NULL with a message in error. */
char *folder_create_unique(const char *root, const char *prefix, char *error, size_t error_size);

/** Copies every file under source into destination, flattening subfolders as ADF does, keeping
 *  the files' permission bits (so programs stay executable). */
folder_copy_status folder_copy_flattened(const char *source, const char *destination, char *error,
                                         size_t error_size);

/** Writes a file (mode 0600). Returns 0, or an errno. */
int file_write_all(const char *path, const char *bytes, size_t length);

/** Reads a whole file into a malloc'd buffer. Returns NULL when it does not exist or cannot be
 *  read (*missing says which), or when it is larger than limit (*too_large set). */
char *file_read_all(const char *path, size_t limit, size_t *length, int *missing, int *too_large);

/** The last lines of a text file (at most max_bytes), malloc'd; an empty string when the file is
 *  empty or unreadable. */
char *file_tail(const char *path, unsigned lines, size_t max_bytes, size_t *length);

#endif
