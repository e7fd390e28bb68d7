#define _GNU_SOURCE
#include "mmio_access.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

/* Unaligned accesses (allowed with --unaligned) still compile to one instruction on the
 * architectures where that is allowed; elsewhere the natural types are used and the Swift
 * side refuses misaligned addresses. */
#if defined(__x86_64__) || defined(__aarch64__) || defined(__i386__)
typedef uint16_t __attribute__((aligned(1), may_alias)) mmio_u16;
typedef uint32_t __attribute__((aligned(1), may_alias)) mmio_u32;
typedef uint64_t __attribute__((aligned(1), may_alias)) mmio_u64;
#else
typedef uint16_t mmio_u16;
typedef uint32_t mmio_u32;
typedef uint64_t mmio_u64;
#endif

/* Stores. On x86 a full barrier after every store: no later access may be issued before this
 * one is done. It is mfence, Linux's mb() for device memory: the compilers' sequentially
 * consistent fence is a locked add to the stack, Linux's smp_mb(), which orders memory between
 * CPUs but is not documented to order write-combining memory. On arm64 a store is ordered as
 * Linux's writel orders it there: dmb oshst before it (every earlier store is done first), then
 * the one str; device memory keeps accesses to one device in program order after it. */
#if defined(__x86_64__) || defined(__i386__)
#define MMIO_BARRIER() __asm__ volatile("mfence" ::: "memory")
#define MMIO_BEFORE_STORE() __asm__ volatile("" ::: "memory")
#define MMIO_AFTER_STORE() MMIO_BARRIER()
#elif defined(__aarch64__)
#define MMIO_BEFORE_STORE() __asm__ volatile("dmb oshst" ::: "memory")
#define MMIO_AFTER_STORE() __asm__ volatile("" ::: "memory")
#else
#define MMIO_BARRIER() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define MMIO_BEFORE_STORE() __asm__ volatile("" ::: "memory")
#define MMIO_AFTER_STORE() MMIO_BARRIER()
#endif

/* After a load: see mmio_memory in the header. The compiler barrier keeps the compiler from
 * moving any memory access across the load; the CPU keeps the rest in order. On arm64, as
 * Linux's readl there: dmb oshld after the ldr, so that no later load or store starts before
 * it is done (write-combining memory included). */
#if defined(__x86_64__) || defined(__i386__)
#define MMIO_LOAD_BARRIER(memory)                                                          \
    do {                                                                                   \
        if ((memory) == MMIO_MEMORY_ORDERED) __asm__ volatile("" ::: "memory");            \
        else MMIO_BARRIER();                                                               \
    } while (0)
#elif defined(__aarch64__)
#define MMIO_LOAD_BARRIER(memory) do { (void)(memory); __asm__ volatile("dmb oshld" ::: "memory"); } while (0)
#else
#define MMIO_LOAD_BARRIER(memory) do { (void)(memory); MMIO_BARRIER(); } while (0)
#endif

static __thread sigjmp_buf guard_jump;
static __thread volatile sig_atomic_t guard_armed;
static __thread mmio_fault_info guard_fault;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void guard_handler(int signo, siginfo_t *info, void *context) {
    (void)context;
    if (!guard_armed) {
        /* Not ours: restore the default action and let the fault recur and kill us. */
        signal(signo, SIG_DFL);
        return;
    }
    guard_armed = 0;
    guard_fault.signal = signo;
    guard_fault.address = (uintptr_t)info->si_addr;
    siglongjmp(guard_jump, 1);
}

static void guard_install_once(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = guard_handler;
    /* SA_NODEFER: leaving the handler by longjmp must not leave the signal blocked, so the
     * guard need not save and restore the signal mask (a system call) on every access. */
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, NULL);
    sigaction(SIGSEGV, &action, NULL);
}

void mmio_guard_install(void) { pthread_once(&guard_once, guard_install_once); }

mmio_fault_info mmio_last_fault(void) { return guard_fault; }

int mmio_supports_64(void) { return sizeof(void *) >= 8; }

/* Arms the guard around one statement; a fault inside it returns MMIO_FAULT. */
#define GUARDED(statement)                                                                 \
    do {                                                                                   \
        if (sigsetjmp(guard_jump, 0) != 0) return MMIO_FAULT;                              \
        guard_armed = 1;                                                                   \
        statement;                                                                         \
        guard_armed = 0;                                                                   \
        return MMIO_OK;                                                                    \
    } while (0)

#define DEFINE_ACCESS(bits, type)                                                          \
    int mmio_load##bits(const volatile void *address, uint##bits##_t *value,               \
                        mmio_memory memory) {                                              \
        GUARDED({                                                                          \
            *value = *(const volatile type *)address;                                      \
            MMIO_LOAD_BARRIER(memory);                                                     \
        });                                                                                \
    }                                                                                      \
    int mmio_store##bits(volatile void *address, uint##bits##_t value) {                   \
        GUARDED({                                                                          \
            MMIO_BEFORE_STORE();                                                           \
            *(volatile type *)address = value;                                             \
            MMIO_AFTER_STORE();                                                            \
        });                                                                                \
    }

DEFINE_ACCESS(8, uint8_t)
DEFINE_ACCESS(16, mmio_u16)
DEFINE_ACCESS(32, mmio_u32)
DEFINE_ACCESS(64, mmio_u64)


/* Block copies share one guard; `index` is volatile so it survives the longjmp and tells
 * how many accesses completed before a fault. */
#define BLOCK_CASE(bytes, type, to, from, before, after)                                   \
    case bytes: {                                                                          \
        type *to##_ = (type *)to;                                                          \
        type *from##_ = (type *)from;                                                      \
        for (; index < count; index++) {                                                   \
            before;                                                                        \
            to##_[index] = from##_[index];                                                 \
            after;                                                                         \
        }                                                                                  \
        break;                                                                             \
    }

#define BLOCK_BODY(qualifier, to, from, before, after)                                     \
    volatile size_t index = 0;                                                             \
    if (sigsetjmp(guard_jump, 0) != 0) {                                                   \
        *done = index;                                                                     \
        return MMIO_FAULT;                                                                 \
    }                                                                                      \
    guard_armed = 1;                                                                       \
    switch (width_bytes) {                                                                 \
        BLOCK_CASE(1, qualifier uint8_t, to, from, before, after)                          \
        BLOCK_CASE(2, qualifier mmio_u16, to, from, before, after)                         \
        BLOCK_CASE(4, qualifier mmio_u32, to, from, before, after)                         \
        BLOCK_CASE(8, qualifier mmio_u64, to, from, before, after)                         \
    }                                                                                      \
    guard_armed = 0;                                                                       \
    *done = index;                                                                         \
    return MMIO_OK;

int mmio_load_block(const volatile void *address, void *buffer, size_t count,
                    unsigned width_bytes, mmio_memory memory, size_t *done) {
    void *device = (void *)(uintptr_t)address, *host = buffer;
    BLOCK_BODY(volatile, host, device, (void)0, MMIO_LOAD_BARRIER(memory))
}

int mmio_store_block(volatile void *address, const void *buffer, size_t count,
                     unsigned width_bytes, size_t *done) {
    void *device = (void *)(uintptr_t)address, *host = (void *)(uintptr_t)buffer;
    BLOCK_BODY(volatile, device, host, MMIO_BEFORE_STORE(), MMIO_AFTER_STORE())
}

/* x86 I/O ports: one in or out instruction of exactly the width, under the same guard (an
 * access to a port the process may not touch raises SIGSEGV). */
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>

int mmio_ports_supported(void) { return 1; }

int mmio_port_permit(unsigned port, unsigned count) { return ioperm(port, count, 1); }

int mmio_port_in(unsigned port, unsigned width_bytes, uint32_t *value) {
    uint16_t p = (uint16_t)port;
    switch (width_bytes) {
    case 1: GUARDED({ uint8_t v; __asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(p)); *value = v; MMIO_BARRIER(); });
    case 2: GUARDED({ uint16_t v; __asm__ volatile("inw %w1, %w0" : "=a"(v) : "Nd"(p)); *value = v; MMIO_BARRIER(); });
    case 4: GUARDED({ uint32_t v; __asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(p)); *value = v; MMIO_BARRIER(); });
    }
    return MMIO_FAULT;
}

int mmio_port_out(unsigned port, unsigned width_bytes, uint32_t value) {
    uint16_t p = (uint16_t)port;
    switch (width_bytes) {
    case 1: GUARDED({ __asm__ volatile("outb %b0, %w1" : : "a"((uint8_t)value), "Nd"(p)); MMIO_BARRIER(); });
    case 2: GUARDED({ __asm__ volatile("outw %w0, %w1" : : "a"((uint16_t)value), "Nd"(p)); MMIO_BARRIER(); });
    case 4: GUARDED({ __asm__ volatile("outl %0, %w1" : : "a"(value), "Nd"(p)); MMIO_BARRIER(); });
    }
    return MMIO_FAULT;
}
#else
#include <errno.h>

int mmio_ports_supported(void) { return 0; }
int mmio_port_permit(unsigned port, unsigned count) { (void)port; (void)count; errno = ENOSYS; return -1; }
int mmio_port_in(unsigned port, unsigned width_bytes, uint32_t *value) {
    (void)port; (void)width_bytes; (void)value;
    return MMIO_FAULT;
}
int mmio_port_out(unsigned port, unsigned width_bytes, uint32_t value) {
    (void)port; (void)width_bytes; (void)value;
    return MMIO_FAULT;
}
#endif
