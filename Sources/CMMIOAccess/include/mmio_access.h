/*
 * The only code in mmio that dereferences mapped memory or touches I/O ports.
 *
 * Each access is one volatile load or store of exactly the named width, ordered before every
 * later access, so accesses are never cached, merged, split or reordered: a store is followed
 * by a full memory barrier; a load by the barrier its memory needs (mmio_memory). Each runs
 * under a fault guard: a SIGBUS or SIGSEGV raised by the access itself returns MMIO_FAULT
 * with the faulting host address instead of killing the process.
 */
#ifndef MMIO_ACCESS_H
#define MMIO_ACCESS_H

#include <stddef.h>
#include <stdint.h>

enum { MMIO_OK = 0, MMIO_FAULT = 1 };

/*
 * What keeps a load before every later access. MMIO_MEMORY_ORDERED: uncached device memory
 * (/dev/mem with O_SYNC, resourceN, UIO, VFIO) or ordinary memory (a file). On x86 the CPU
 * itself never lets a later load or store pass an earlier load there, so the load needs only
 * a compiler barrier: Linux's readl on x86 is a plain mov, and a fence instruction would order
 * nothing yet cost several nanoseconds a load. Elsewhere, a full barrier. MMIO_MEMORY_WEAK:
 * write-combining memory (resourceN_wc), whose loads may be reordered: a full barrier always.
 */
typedef enum { MMIO_MEMORY_ORDERED = 0, MMIO_MEMORY_WEAK = 1 } mmio_memory;

/* What the guard saw when an access faulted. */
typedef struct {
    int signal;           /* SIGBUS or SIGSEGV */
    uintptr_t address;    /* si_addr: the host address that faulted */
} mmio_fault_info;

/* Installs the SIGBUS/SIGSEGV handlers once; later calls do nothing. */
void mmio_guard_install(void);

/* The fault recorded by the last access that returned MMIO_FAULT on this thread. */
mmio_fault_info mmio_last_fault(void);

/* Whether a 64-bit access is a single instruction on this machine. */
int mmio_supports_64(void);

int mmio_load8(const volatile void *address, uint8_t *value, mmio_memory memory);
int mmio_load16(const volatile void *address, uint16_t *value, mmio_memory memory);
int mmio_load32(const volatile void *address, uint32_t *value, mmio_memory memory);
int mmio_load64(const volatile void *address, uint64_t *value, mmio_memory memory);

int mmio_store8(volatile void *address, uint8_t value);
int mmio_store16(volatile void *address, uint16_t value);
int mmio_store32(volatile void *address, uint32_t value);
int mmio_store64(volatile void *address, uint64_t value);

/*
 * `count` loads of `width_bytes` each from consecutive addresses, copied into `buffer`
 * (ordinary memory), under one guard. Each load is the same single volatile access with its
 * barrier as above; only the guard set-up is shared. On a fault, *done holds how many
 * loads completed.
 */
int mmio_load_block(const volatile void *address, void *buffer, size_t count,
                    unsigned width_bytes, mmio_memory memory, size_t *done);

/* The store counterpart of mmio_load_block. */
int mmio_store_block(volatile void *address, const void *buffer, size_t count,
                     unsigned width_bytes, size_t *done);

/*
 * x86 I/O port space. mmio_port_permit: ioperm() for `count` ports from `port` (0, or -1 with
 * errno). mmio_port_in/out: one in/out instruction of `width_bytes` (1, 2 or 4), guarded as
 * the loads are. Elsewhere mmio_ports_supported() is 0 and every call fails.
 */
int mmio_ports_supported(void);
int mmio_port_permit(unsigned port, unsigned count);
int mmio_port_in(unsigned port, unsigned width_bytes, uint32_t *value);
int mmio_port_out(unsigned port, unsigned width_bytes, uint32_t value);

#endif
