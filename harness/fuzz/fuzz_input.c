/* fuzz_input.c - an input as a file the loaders can open by path. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz_input.h"

int fuzz_input_file(const uint8_t *data, size_t size, char *path, size_t pathsize)
{
    int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
    if (fd < 0) {
        perror("memfd_create");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            perror("write");
            abort();
        }
        done += (size_t)n;
    }
    snprintf(path, pathsize, "/proc/self/fd/%d", fd);
    return fd;
}

const espec_catalogue *fuzz_catalogue(void)
{
    static espec_catalogue *loaded;
    if (loaded == NULL) {
        espec_error err;
        loaded = espec_catalogue_load(ESECHECK_CATALOGUE, &err);
        if (loaded == NULL)
            abort();
    }
    return loaded;
}
