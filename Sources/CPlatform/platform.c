#include "mmio_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Room for a commit id and a "+changes" mark; `Tools/stamp-commit.sh` finds the prefix. */
__attribute__((used)) static const char build_commit_stamp[80] = "mmio-build-commit:unknown";

const char *mmio_build_commit(void) { return build_commit_stamp + 18; }

int mmio_standard_descriptors(void) {
    static const struct { const char *path; int mode; } stand_ins[3] = {
        {"/dev/null", O_WRONLY}, {"/dev/null", O_RDONLY}, {"/dev/full", O_RDWR}};
    for (int descriptor = 0; descriptor < 3; descriptor++) {
        if (fcntl(descriptor, F_GETFD) != -1 || errno != EBADF) continue;
        /* The lowest free descriptor is this one: 0..descriptor-1 are open by now. */
        int opened = open(stand_ins[descriptor].path, stand_ins[descriptor].mode | O_NOCTTY);
        if (opened != descriptor) {
            if (opened >= 0) close(opened);
            return -1;
        }
    }
    return 0;
}

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
