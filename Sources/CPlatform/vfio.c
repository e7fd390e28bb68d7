#define _GNU_SOURCE
#include "mmio_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int fail(mmio_vfio_result *result, int stage, int container, int group) {
    result->stage = stage;
    result->error = errno;
    if (group >= 0) close(group);
    if (container >= 0) close(container);
    return -1;
}

int mmio_vfio_open(const char *container_path, const char *group_path, const char *device_name,
                   unsigned region, int *container_out, int *group_out, mmio_vfio_result *result) {
    memset(result, 0, sizeof *result);
    int container = open(container_path, O_RDWR | O_CLOEXEC);
    if (container < 0) return fail(result, MMIO_VFIO_CONTAINER, -1, -1);
    int version = ioctl(container, VFIO_GET_API_VERSION);
    if (version != VFIO_API_VERSION) {
        if (version >= 0) errno = EPROTO;
        return fail(result, MMIO_VFIO_API, container, -1);
    }
    if (ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) != 1) {
        errno = ENODEV;
        return fail(result, MMIO_VFIO_TYPE1, container, -1);
    }
    int group = open(group_path, O_RDWR | O_CLOEXEC);
    if (group < 0) return fail(result, MMIO_VFIO_GROUP, container, -1);
    struct vfio_group_status status = {.argsz = sizeof status};
    if (ioctl(group, VFIO_GROUP_GET_STATUS, &status) != 0) return fail(result, MMIO_VFIO_GROUP_STATUS, container, group);
    if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
        errno = EPERM;
        return fail(result, MMIO_VFIO_NOT_VIABLE, container, group);
    }
    if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) != 0) return fail(result, MMIO_VFIO_SET_CONTAINER, container, group);
    if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU) != 0) return fail(result, MMIO_VFIO_SET_IOMMU, container, group);
    int device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, device_name);
    if (device < 0) return fail(result, MMIO_VFIO_DEVICE, container, group);
    struct vfio_region_info info = {.argsz = sizeof info, .index = region};
    if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &info) != 0) {
        int saved = errno;
        close(device);
        errno = saved;
        return fail(result, MMIO_VFIO_REGION, container, group);
    }
    result->size = info.size;
    result->offset = info.offset;
    result->flags = info.flags;
    *container_out = container;
    *group_out = group;
    return device;
}
