#include "mmio_platform.h"

#include <signal.h>
#include <string.h>

/* The signal that asked mmio to stop (SIGINT or SIGTERM), or 0. */
static volatile sig_atomic_t interrupt_signal;

static void record_interrupt(int signo) { interrupt_signal = signo; }

void mmio_interrupts_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_interrupt;
    /* No SA_RESTART: a sleep or a blocking read returns EINTR, so the loop around it sees the
     * signal at once. */
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int mmio_interrupt_signal(void) { return interrupt_signal; }
