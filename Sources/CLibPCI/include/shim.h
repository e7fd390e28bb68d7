/*
 * What Swift cannot do with libpci directly: install its variadic error, warning and debug
 * callbacks, survive its error callback (which must not return: libpci's own calls exit),
 * and read its array fields. Every libpci call that can fail goes through a wrapper (shim.c)
 * that sets a jump point first; the error callback jumps back with the message. libpci itself
 * is loaded by mmio_pci_open, on first use: nothing else here may be called before it succeeds.
 */
#ifndef MMIO_LIBPCI_SHIM_H
#define MMIO_LIBPCI_SHIM_H

#include <pci/pci.h>

/* The message of the last libpci error on this thread. */
const char *mmio_pci_last_error(void);
/* Loads libpci if it is not loaded yet: NULL when it can be used, else why not. */
const char *mmio_pci_load_error(void);

/*
 * pci_alloc + pci_init + pci_scan_bus with the sysfs method pinned (never PCI_ACCESS_AUTO,
 * which may fall back to I/O-port config access) and its path set. NULL on a libpci error.
 */
struct pci_access *mmio_pci_open(const char *sysfs_path, const char *ids_path, int writeable);

/* pci_fill_info; -1 on a libpci error. */
int mmio_pci_fill(struct pci_dev *device, int flags);

/* The COMMAND register (config offset 4); -1 where config space cannot be read. */
int mmio_pci_command(struct pci_dev *device);

/* Configuration space, through libpci's accessors: one pread/pwrite of exactly `length` bytes
 * (1, 2 or 4) of the device's sysfs `config` file, which the kernel turns into one config
 * cycle of that width. Little-endian, as config space is. 0 on failure, 1 on success. */
int mmio_pci_config_read(struct pci_dev *device, int position, int length,
                         unsigned long long *value);

int mmio_pci_config_write(struct pci_dev *device, int position, int length,
                          unsigned long long value);

/* 4096 where libpci can read past the first 256 bytes (the device has extended space), else
 * 256. */
int mmio_pci_config_size(struct pci_dev *device);

/* The capability list libpci finds (PCI_FILL_CAPS | PCI_FILL_EXT_CAPS); NULL on an error or
 * where there is none. */
struct pci_cap *mmio_pci_capabilities(struct pci_dev *device);

/* "Vendor Device" from pci.ids; numbers stand in for unknown names, as in lspci. */
const char *mmio_pci_device_name(struct pci_access *access, char *buffer, int size,
                                 unsigned vendor, unsigned device);

const char *mmio_pci_class_name(struct pci_access *access, char *buffer, int size,
                                unsigned device_class);

/* pci_cleanup. */
void mmio_pci_close(struct pci_access *access);

/* Parses an lspci -s or -d filter; NULL on success, else libpci's complaint. */
const char *mmio_pci_filter(struct pci_access *access, struct pci_filter *filter, char *text,
                            int by_id);

/* pci_filter_match: nonzero where the device matches. */
int mmio_pci_filter_match(struct pci_filter *filter, struct pci_dev *device);

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
