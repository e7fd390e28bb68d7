/*
 * What Swift cannot do with libpci directly: install its variadic error, warning and debug
 * callbacks, survive its error callback (which must not return: libpci's own calls exit),
 * and read its array fields. Every libpci call that can fail goes through a wrapper here that
 * sets a jump point first; the error callback jumps back with the message.
 */
#ifndef MMIO_LIBPCI_SHIM_H
#define MMIO_LIBPCI_SHIM_H

#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Function-local statics: Swift's importer emits the functions it uses, not header globals. */
static inline jmp_buf *mmio_pci_jump_buffer(void) {
    static __thread jmp_buf jump;
    return &jump;
}
static inline char *mmio_pci_message_buffer(void) {
    static __thread char message[512];
    return message;
}
#define mmio_pci_jump (*mmio_pci_jump_buffer())

static inline void mmio_pci_error(char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(mmio_pci_message_buffer(), 512, format, args);
    va_end(args);
    longjmp(mmio_pci_jump, 1);
}

/* libpci's warnings (a missing config file, say) would be stray lines on stderr. */
static inline void mmio_pci_quiet(char *format, ...) { (void)format; }

/* The message of the last libpci error on this thread. */
static inline const char *mmio_pci_last_error(void) { return mmio_pci_message_buffer(); }

/*
 * pci_alloc + pci_init + pci_scan_bus with the sysfs method pinned (never PCI_ACCESS_AUTO,
 * which may fall back to I/O-port config access) and its path set. NULL on a libpci error.
 */
static inline struct pci_access *mmio_pci_open(const char *sysfs_path, const char *ids_path,
                                               int writeable) {
    struct pci_access *access = pci_alloc();
    /* Config files are opened read-write only for a command that writes config space. */
    access->writeable = writeable;
    access->error = mmio_pci_error;
    access->warning = mmio_pci_quiet;
    access->debug = mmio_pci_quiet;
    access->method = PCI_ACCESS_SYS_BUS_PCI;
    if (setjmp(mmio_pci_jump) != 0) {
        /* libpci failed part way (a sysfs tree it cannot read): free what it made. Should
         * freeing fail too, the second jump lands here and the rest is left. */
        if (setjmp(mmio_pci_jump) == 0) pci_cleanup(access);
        return NULL;
    }
    pci_set_param(access, "sysfs.path", (char *)sysfs_path);
    /* Names come from pci.ids (or -i FILE) only, as the spec says, not from udev's hwdb: the
     * same names on every machine, and no udev context (which libpci never frees). Where libpci
     * was built without hwdb the parameter does not exist and this does nothing. */
    pci_set_param(access, "hwdb.disable", "1");
    if (ids_path) pci_set_name_list_path(access, (char *)ids_path, 0);
    pci_init(access);
    pci_scan_bus(access);
    return access;
}

/* pci_fill_info; -1 on a libpci error. */
static inline int mmio_pci_fill(struct pci_dev *device, int flags) {
    if (setjmp(mmio_pci_jump) != 0) return -1;
    return pci_fill_info(device, flags);
}

/* The COMMAND register (config offset 4); -1 where config space cannot be read. */
static inline int mmio_pci_command(struct pci_dev *device) {
    unsigned char bytes[2];
    if (setjmp(mmio_pci_jump) != 0) return -1;
    if (!pci_read_block(device, PCI_COMMAND, bytes, 2)) return -1;
    return bytes[0] | (bytes[1] << 8);
}

/* Configuration space, through libpci's accessors: one pread/pwrite of exactly `length` bytes
 * (1, 2 or 4) of the device's sysfs `config` file, which the kernel turns into one config
 * cycle of that width. Little-endian, as config space is. 0 on failure, 1 on success. */
static inline int mmio_pci_config_read(struct pci_dev *device, int position, int length,
                                       unsigned long long *value) {
    unsigned char bytes[4] = {0};
    if (setjmp(mmio_pci_jump) != 0) return 0;
    if (!pci_read_block(device, position, bytes, length)) return 0;
    *value = 0;
    for (int i = length - 1; i >= 0; i--) *value = (*value << 8) | bytes[i];
    return 1;
}

static inline int mmio_pci_config_write(struct pci_dev *device, int position, int length,
                                        unsigned long long value) {
    unsigned char bytes[4];
    for (int i = 0; i < length; i++) bytes[i] = (unsigned char)(value >> (8 * i));
    if (setjmp(mmio_pci_jump) != 0) return 0;
    return pci_write_block(device, position, bytes, length);
}

/* 4096 where libpci can read past the first 256 bytes (the device has extended space), else
 * 256. */
static inline int mmio_pci_config_size(struct pci_dev *device) {
    unsigned char bytes[4];
    if (setjmp(mmio_pci_jump) != 0) return 256;
    return pci_read_block(device, 0x100, bytes, 4) ? 4096 : 256;
}

/* The capability list libpci finds (PCI_FILL_CAPS | PCI_FILL_EXT_CAPS); NULL on an error or
 * where there is none. */
static inline struct pci_cap *mmio_pci_capabilities(struct pci_dev *device) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    pci_fill_info(device, PCI_FILL_CAPS | PCI_FILL_EXT_CAPS);
    return device->first_cap;
}

/* Parses an lspci -s or -d filter; NULL on success, else libpci's complaint. */
static inline const char *mmio_pci_filter(struct pci_access *access, struct pci_filter *filter,
                                          char *text, int by_id) {
    pci_filter_init(access, filter);
    return by_id ? pci_filter_parse_id(filter, text) : pci_filter_parse_slot(filter, text);
}

/* "Vendor Device" from pci.ids; numbers stand in for unknown names, as in lspci. */
static inline const char *mmio_pci_device_name(struct pci_access *access, char *buffer, int size,
                                               unsigned vendor, unsigned device) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    return pci_lookup_name(access, buffer, size,
                           PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
                           vendor, device);
}

static inline const char *mmio_pci_class_name(struct pci_access *access, char *buffer, int size,
                                              unsigned device_class) {
    if (setjmp(mmio_pci_jump) != 0) return NULL;
    return pci_lookup_name(access, buffer, size, PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_NUMBERS,
                           device_class);
}

static inline pciaddr_t mmio_pci_base(const struct pci_dev *device, int bar) {
    return device->base_addr[bar];
}
static inline pciaddr_t mmio_pci_size(const struct pci_dev *device, int bar) {
    return device->size[bar];
}
static inline pciaddr_t mmio_pci_flags(const struct pci_dev *device, int bar) {
    return device->flags[bar];
}
static inline pciaddr_t mmio_pci_address_of(pciaddr_t base, int io) {
    return base & (io ? PCI_ADDR_IO_MASK : PCI_ADDR_MEM_MASK);
}

enum {
    MMIO_PCI_FILL = PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_BASES | PCI_FILL_SIZES |
                    PCI_FILL_IO_FLAGS,
    MMIO_PCI_RESOURCE_IO = PCI_IORESOURCE_IO,
    MMIO_PCI_RESOURCE_MEM = PCI_IORESOURCE_MEM,
    MMIO_PCI_RESOURCE_PREFETCH = PCI_IORESOURCE_PREFETCH,
    MMIO_PCI_RESOURCE_MEM_64 = PCI_IORESOURCE_MEM_64,
    MMIO_PCI_COMMAND_IO = PCI_COMMAND_IO,
    MMIO_PCI_COMMAND_MEMORY = PCI_COMMAND_MEMORY,
    MMIO_PCI_CAP_EXTENDED = PCI_CAP_EXTENDED,
};

#endif
