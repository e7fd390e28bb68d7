/* Linux calls Swift cannot make itself (variadic in C). Nothing here touches mapped memory. */
#ifndef MMIO_PLATFORM_H
#define MMIO_PLATFORM_H

#include <sys/prctl.h>

/* prctl(PR_SET_TIMERSLACK): how late the kernel may wake this thread from a sleep. */
static inline int mmio_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

/* Makes descriptors 0, 1 and 2 open before mmio opens anything, as glibc does for setuid
 * programs: a closed one is opened on a device that refuses its use (standard input write-only
 * on /dev/null, standard output read-only on /dev/null, standard error on /dev/full), so a
 * target can never become descriptor 1 or 2 and receive mmio's own text, and output that
 * cannot be written fails as an error. Returns 0, or -1 when a closed one could not be opened
 * (mmio must then stop before it opens anything). */
int mmio_standard_descriptors(void);

/* The commit mmio was built from: a stamp in the binary that `make build` fills in after
 * linking (so that a new commit does not rebuild anything); "unknown" in other builds. */
const char *mmio_build_commit(void);

/* SIGINT and SIGTERM only record themselves; mmio's loops check mmio_interrupt_signal() and
 * stop at the next whole step. */
void mmio_interrupts_install(void);
int mmio_interrupt_signal(void);

/* VFIO: the container, the device's IOMMU group, the type1 IOMMU, the device and the region
 * (a BAR's index), all through ioctl. On success the device's descriptor, with the container's
 * and the group's in *container and *group (they must stay open while the device is used); on
 * failure -1, with the step that failed and its errno in *result. */
enum {
    MMIO_VFIO_OK, MMIO_VFIO_CONTAINER, MMIO_VFIO_API, MMIO_VFIO_TYPE1, MMIO_VFIO_GROUP,
    MMIO_VFIO_GROUP_STATUS, MMIO_VFIO_NOT_VIABLE, MMIO_VFIO_SET_CONTAINER, MMIO_VFIO_SET_IOMMU,
    MMIO_VFIO_DEVICE, MMIO_VFIO_REGION,
};
enum { MMIO_VFIO_REGION_READ = 1, MMIO_VFIO_REGION_WRITE = 2, MMIO_VFIO_REGION_MMAP = 4 };
typedef struct {
    int stage;
    int error;
    unsigned long long size, offset;
    unsigned flags;
} mmio_vfio_result;
int mmio_vfio_open(const char *container_path, const char *group_path, const char *device_name,
                   unsigned region, int *container, int *group, mmio_vfio_result *result);

/* libFuzzer's driver, for `make fuzz` (mmio-fuzz built with -sanitize=fuzzer): the fuzzer's
 * own main is not used, because SwiftPM links an executable's main under a name of its own. */
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
