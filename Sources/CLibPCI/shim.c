/*
 * What Swift cannot do with libpci directly (see shim.h). In one translation unit of its own:
 * the jump point and the message must be one object each, and setjmp and longjmp must stay in
 * C frames. As static inline functions in the header, each Swift module that emitted them had
 * its own copies, and in the release build the error callback jumped through a jump point no
 * wrapper had set.
 */
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static __thread jmp_buf mmio_pci_jump;
static __thread char mmio_pci_message[512];

/*
 * libpci is loaded on first use (dlopen), as libxml2 is: a command on a file, /dev/mem or a
 * UIO device never binds libpci, libudev and libz (a quarter of a one-shot read's
 * instructions). dlsym gives each symbol's default version, the one pci.h declares.
 */
#define LIBPCI_FUNCTIONS(X)                                                                     \
    X(pci_alloc) X(pci_init) X(pci_cleanup) X(pci_scan_bus) X(pci_set_param)                    \
    X(pci_set_name_list_path) X(pci_fill_info) X(pci_read_block) X(pci_write_block)             \
    X(pci_lookup_name) X(pci_filter_init) X(pci_filter_parse_id) X(pci_filter_parse_slot)        \
    X(pci_filter_match)

#define DECLARE(name) static __typeof__(name) *p_##name;
LIBPCI_FUNCTIONS(DECLARE)

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void) {
    void *library = dlopen("libpci.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error,
                 "PCI targets need libpci (libpci.so.3; Debian: apt-get install libpci3)");
        return;
    }
#define RESOLVE(name)                                                                           \
    if (!(p_##name = (__typeof__(name) *)dlsym(library, #name))) {                              \
        snprintf(load_error, sizeof load_error, "libpci.so.3 lacks %s", #name);                 \
        return;                                                                                 \
    }
    LIBPCI_FUNCTIONS(RESOLVE)
}

__attribute__((noreturn)) static void mmio_pci_error(char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(mmio_pci_message, sizeof mmio_pci_message, format, args);
    va_end(args);
    longjmp(mmio_pci_jump, 1);
}

/* libpci's warnings (a missing config file, say) would be stray lines on stderr. */
static void mmio_pci_quiet(char *format, ...) { (void)format; }

const char *mmio_pci_last_error(void) { return mmio_pci_message; }

const char *mmio_pci_load_error(void) {
    pthread_once(&load_once, load);
    return load_error[0] ? load_error : NULL;
}

/*
 * pci_alloc + pci_init + pci_scan_bus with the sysfs method pinned (never PCI_ACCESS_AUTO,
 * which may fall back to I/O-port config access) and its path set. NULL on a libpci error.
 */
struct pci_access *mmio_pci_open(const char *sysfs_path, const char *ids_path,
                                 int writeable) {
    pthread_once(&load_once, load);
    if (load_error[0]) {
        snprintf(mmio_pci_message, sizeof mmio_pci_message, "%s", load_error);
        return NULL;
    }
    struct pci_access *access = p_pci_alloc();
    /* Config files are opened read-write only for a command that writes config space. */
    access->writeable = writeable;
    access->error = mmio_pci_error;
    access->warning = mmio_pci_quiet;
    access->debug = mmio_pci_quiet;
    access->method = PCI_ACCESS_SYS_BUS_PCI;
    if (setjmp(mmio_pci_jump) != 0) {
        /* libpci failed part way (a sysfs tree it cannot read): free what it made. Should
         * freeing fail too, the second jump lands here and the rest is left. */
        if (setjmp(mmio_pci_jump) == 0) p_pci_cleanup(access);
        return NULL;
    }
    p_pci_set_param(access, "sysfs.path", (char *)sysfs_path);
    /* Names come from pci.ids (or -i FILE) only, as the spec says, not from udev's hwdb: the
     * same names on every machine, and no udev context (which libpci never frees). Where libpci
     * was built without hwdb the parameter does not exist and this does nothing. */
    p_pci_set_param(access, "hwdb.disable", "1");
    if (ids_path) p_pci_set_name_list_path(access, (char *)ids_path, 0);
    p_pci_init(access);
    p_pci_scan_bus(access);
    return access;
}

/* pci_fill_info; -1 on a libpci error. */
int mmio_pci_fill(struct pci_dev *device, int flags) {
    if (setjmp(mmio_pci_jump) != 0) return -1;
    return p_pci_fill_info(device, flags);
}

/* The COMMAND register (config offset 4); -1 where config space cannot be read. */
int mmio_pci_command(struct pci_dev *device) {
    unsigned char bytes[2];
    if (setjmp(mmio_pci_jump) != 0) return -1;
    if (!p_pci_read_block(device, PCI_COMMAND, bytes, 2)) return -1;
    return bytes[0] | (bytes[1] << 8);
}

/* Configuration space, through libpci's accessors: one pread/pwrite of exactly `length` bytes
 * (1, 2 or 4) of the device's sysfs `config` file, which the kernel turns into one config
 * cycle of that width. Little-endian, as config space is. 0 on failure, 1 on success. */
int mmio_pci_config_read(struct pci_dev *device, int position, int length,
                         unsigned long long *value) {
    unsigned char bytes[4] = {0};
    if (setjmp(mmio_pci_jump) != 0) return 0;
    if (!p_pci_read_block(device, position, bytes, length)) return 0;
    *value = 0;
    for (int i = length - 1; i >= 0; i--) *value = (*value << 8) | bytes[i];
    return 1;
}

int mmio_pci_config_write(struct pci_dev *device, int position, int length,
                          unsigned long long value) {
    unsigned char bytes[4];
    for (int i = 0; i < length; i++) bytes[i] = (unsigned char)(value >> (8 * i));
    if (setjmp(mmio_pci_jump) != 0) return 0;
    return p_pci_write_block(device, position, bytes, length);
}

/* 4096 where libpci can read past the first 256 bytes (the device has extended space), else
 * 256. */
int mmio_pci_config_size(struct pci_dev *device) {
    unsigned char bytes[4];
    if (setjmp(mmio_pci_jump) != 0) return 256;
    return p_pci_read_block(device, 0x100, bytes, 4) ? 4096 : 256;
}

/* The capability list libpci finds (PCI_FILL_CAPS | PCI_FILL_EXT_CAPS); NULL on an error or
 * where there is none. */
struct pci_cap *mmio_pci_capabilities(struct pci_dev *device) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    p_pci_fill_info(device, PCI_FILL_CAPS | PCI_FILL_EXT_CAPS);
    return device->first_cap;
}

/* "Vendor Device" from pci.ids; numbers stand in for unknown names, as in lspci. */
const char *mmio_pci_device_name(struct pci_access *access, char *buffer, int size,
                                 unsigned vendor, unsigned device) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    return p_pci_lookup_name(access, buffer, size,
                           PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
                           vendor, device);
}

const char *mmio_pci_class_name(struct pci_access *access, char *buffer, int size,
                                unsigned device_class) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    return p_pci_lookup_name(access, buffer, size, PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_NUMBERS,
                           device_class);
}


void mmio_pci_close(struct pci_access *access) { p_pci_cleanup(access); }

const char *mmio_pci_filter(struct pci_access *access, struct pci_filter *filter, char *text,
                            int by_id) {
    p_pci_filter_init(access, filter);
    return by_id ? p_pci_filter_parse_id(filter, text) : p_pci_filter_parse_slot(filter, text);
}

int mmio_pci_filter_match(struct pci_filter *filter, struct pci_dev *device) {
    return p_pci_filter_match(filter, device);
}
