/*
 * fuzz_input.h - the fuzzers' helpers: the real catalogue, and the input as a file. The
 * loaders read files by path, so each input is
 * written to an anonymous in-memory file (memfd) and handed over as /proc/self/fd/N. The
 * loaders are then fuzzed exactly as esecheck calls them, path and error messages included.
 */
#ifndef ESC_FUZZ_INPUT_H
#define ESC_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <esespec/catalogue.h>

/* Writes data to a fresh memfd and puts its path into path (at least 32 bytes). Returns the
 * descriptor, to close after loading; aborts when the memfd cannot be made (not the
 * loader's fault, so not a finding). */
int fuzz_input_file(const uint8_t *data, size_t size, char *path, size_t pathsize);

/* Returns the real catalogue (ESECHECK_CATALOGUE), loaded once: what inputs are checked
 * against. Aborts when it does not load (the build's fault, not the input's). */
const espec_catalogue *fuzz_catalogue(void);

#endif /* ESC_FUZZ_INPUT_H */
