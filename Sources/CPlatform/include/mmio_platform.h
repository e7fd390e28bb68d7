/* Linux calls Swift cannot make itself (variadic in C). Nothing here touches mapped memory. */
#ifndef MMIO_PLATFORM_H
#define MMIO_PLATFORM_H

#include <sys/prctl.h>

/* prctl(PR_SET_TIMERSLACK): how late the kernel may wake this thread from a sleep. */
static inline int mmio_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

#endif
