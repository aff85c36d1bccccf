#define _GNU_SOURCE
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "CCraftsmanLinux.h"

void craftsman_set_thread_name(const char *name) {
#ifdef __linux__
    pthread_setname_np(pthread_self(), name);
#else
    (void)name;
#endif
}

static _Thread_local void *journal_wake_round;

void *craftsman_journal_wake_round(void) { return journal_wake_round; }

void craftsman_set_journal_wake_round(void *round) { journal_wake_round = round; }

#if defined(__x86_64__)
#include <string.h>

int craftsman_crc32c_instruction_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

__attribute__((target("sse4.2")))
uint32_t craftsman_crc32c_update(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *next = bytes;
    uint64_t value = crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, next, 8);  // unaligned load
        value = __builtin_ia32_crc32di(value, word);
        next += 8;
        length -= 8;
    }
    uint32_t rest = (uint32_t)value;
    while (length > 0) {
        rest = __builtin_ia32_crc32qi(rest, *next);
        next += 1;
        length -= 1;
    }
    return rest;
}
#else
int craftsman_crc32c_instruction_available(void) { return 0; }

uint32_t craftsman_crc32c_update(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return crc;
}
#endif

int craftsman_file_is_open_elsewhere(const char *path) {
#ifdef __linux__
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    // Should another process open the file in the instant the lease is held, the kernel signals
    // the holder to give it up: with SIGURG, which is ignored unless handled, instead of SIGIO,
    // which would end the process. The lease is released at once either way.
    if (fcntl(fd, F_SETSIG, SIGURG) != 0) {
        close(fd);
        return -1;
    }
    int result;
    if (fcntl(fd, F_SETLEASE, F_WRLCK) == 0) {
        (void)fcntl(fd, F_SETLEASE, F_UNLCK);
        result = 0;
    } else {
        result = (errno == EAGAIN || errno == EBUSY) ? 1 : -1;
    }
    close(fd);
    return result;
#else
    (void)path;
    return -1;
#endif
}

int craftsman_set_time_slice(uint64_t nanoseconds) {
#ifdef __linux__
    // The kernel's struct sched_attr (include/uapi/linux/sched/types.h), which glibc 2.36 does not declare.
    struct {
        uint32_t size;
        uint32_t sched_policy;
        uint64_t sched_flags;
        int32_t sched_nice;
        uint32_t sched_priority;
        uint64_t sched_runtime;
        uint64_t sched_deadline;
        uint64_t sched_period;
        uint32_t sched_util_min;
        uint32_t sched_util_max;
    } attributes;
    memset(&attributes, 0, sizeof attributes);
    attributes.size = sizeof attributes;
    if (syscall(SYS_sched_getattr, 0, &attributes, sizeof attributes, 0) != 0) return -1;
    if (attributes.sched_policy != 0) {  // only SCHED_OTHER has a slice to set
        errno = EINVAL;
        return -1;
    }
    attributes.size = sizeof attributes;
    attributes.sched_flags = 0;
    attributes.sched_runtime = nanoseconds;
    return (int)syscall(SYS_sched_setattr, 0, &attributes, 0);
#else
    (void)nanoseconds;
    return -1;
#endif
}
