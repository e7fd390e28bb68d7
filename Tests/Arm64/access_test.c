/* The access module on arm64, under qemu-aarch64 (AccessInstructionTests builds and runs it):
 * each width's store and load through a shared mapping of a real file, checked against the
 * file's bytes; an unaligned access to ordinary memory; a block copy each way; and a fault
 * past the end of the file, which the guard turns into MMIO_FAULT. Prints one line per check. */
#include "mmio_access.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;

static void check(int passed, const char *what) {
    printf("%s %s\n", passed ? "ok" : "FAILED", what);
    if (!passed) failures++;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    int descriptor = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (descriptor < 0 || ftruncate(descriptor, 4096) != 0) return 2;
    long page = sysconf(_SC_PAGESIZE);
    /* Two pages mapped over a one-page file: the second faults (SIGBUS). */
    unsigned char *base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0);
    if (base == MAP_FAILED) return 2;
    mmio_guard_install();

    uint8_t v8 = 0; uint16_t v16 = 0; uint32_t v32 = 0; uint64_t v64 = 0;
    check(mmio_store8(base + 0x10, 0xa5) == MMIO_OK && mmio_load8(base + 0x10, &v8, MMIO_MEMORY_ORDERED) == MMIO_OK
          && v8 == 0xa5, "8-bit store and load");
    check(mmio_store16(base + 0x20, 0xbeef) == MMIO_OK && mmio_load16(base + 0x20, &v16, MMIO_MEMORY_ORDERED) == MMIO_OK
          && v16 == 0xbeef, "16-bit store and load");
    check(mmio_store32(base + 0x30, 0x12345678) == MMIO_OK && mmio_load32(base + 0x30, &v32, MMIO_MEMORY_WEAK) == MMIO_OK
          && v32 == 0x12345678, "32-bit store and load");
    check(mmio_store64(base + 0x40, 0x0123456789abcdefULL) == MMIO_OK
          && mmio_load64(base + 0x40, &v64, MMIO_MEMORY_ORDERED) == MMIO_OK && v64 == 0x0123456789abcdefULL,
          "64-bit store and load");
    check(mmio_store32(base + 0x51, 0xcafef00d) == MMIO_OK && mmio_load32(base + 0x51, &v32, MMIO_MEMORY_ORDERED) == MMIO_OK
          && v32 == 0xcafef00d, "unaligned 32-bit store and load (ordinary memory)");

    unsigned char bytes[0x60];
    check(pread(descriptor, bytes, sizeof bytes, 0) == (ssize_t)sizeof bytes && bytes[0x10] == 0xa5 && bytes[0x20] == 0xef
          && bytes[0x21] == 0xbe && bytes[0x30] == 0x78 && bytes[0x33] == 0x12 && bytes[0x40] == 0xef && bytes[0x47] == 0x01
          && bytes[0x51] == 0x0d && bytes[0x54] == 0xca, "the file holds what was stored, little-endian");

    uint32_t out[4] = {1, 2, 3, 4}, in[4] = {0};
    size_t done = 0;
    check(mmio_store_block(base + 0x100, out, 4, 4, &done) == MMIO_OK && done == 4
          && mmio_load_block(base + 0x100, in, 4, 4, MMIO_MEMORY_ORDERED, &done) == MMIO_OK && done == 4
          && memcmp(in, out, sizeof in) == 0, "block store and load, 4 x 32 bits");

    check(mmio_load32(base + page + 8, &v32, MMIO_MEMORY_ORDERED) == MMIO_FAULT && mmio_last_fault().signal != 0,
          "a load past the end of the file is a fault, not a crash");
    check(mmio_store64(base + page, 1) == MMIO_FAULT, "a store past the end of the file is a fault");
    check(mmio_supports_64() == 1, "64-bit accesses are supported");
    return failures ? 1 : 0;
}
