/* Linux calls Swift cannot make itself (variadic in C). Nothing here touches mapped memory. */
#ifndef MMIO_PLATFORM_H
#define MMIO_PLATFORM_H

#include <sys/prctl.h>

/* prctl(PR_SET_TIMERSLACK): how late the kernel may wake this thread from a sleep. */
static inline int mmio_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

/* SIGINT and SIGTERM only record themselves; mmio's loops check mmio_interrupt_signal() and
 * stop at the next whole step. */
void mmio_interrupts_install(void);
int mmio_interrupt_signal(void);

/* libFuzzer's driver, for `make fuzz` (mmio-fuzz built with -sanitize=fuzzer): the fuzzer's
 * own main is not used, because SwiftPM links an executable's main under a name of its own. */
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
