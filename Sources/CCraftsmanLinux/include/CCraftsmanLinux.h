// Linux system interfaces that Swift's Glibc module does not export: epoll, eventfd and thread names, for the
// socket server's I/O threads (Sources/CraftsmanRPCSocket/Internal/SocketEventLoop.swift) and the
// store's threads; and the processor's CRC-32C instruction, for the store's checksums.
#ifndef CCRAFTSMAN_LINUX_H
#define CCRAFTSMAN_LINUX_H

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
#include <stddef.h>
#include <stdint.h>

/// Names the calling thread (at most 15 bytes are kept), for top, perf and debuggers.
void craftsman_set_thread_name(const char *name);

/// The calling thread's journal wake round (CraftsmanStore's `JournalWakeRound`), or NULL: a C
/// thread-local, cheaper than a pthread key for a value read on every write.
void *craftsman_journal_wake_round(void);

/// Sets the calling thread's journal wake round.
void craftsman_set_journal_wake_round(void *round);

/// 1 when this processor has the CRC-32C instruction (x86-64 with SSE 4.2), else 0.
int craftsman_crc32c_instruction_available(void);

/// CRC-32C of `length` bytes at `bytes`, continuing from the raw (not inverted) register value `crc`,
/// with the processor's instruction. Only when `craftsman_crc32c_instruction_available()` is 1.
uint32_t craftsman_crc32c_update(uint32_t crc, const void *bytes, size_t length);

/// Asks the scheduler to run the calling thread in slices of at most `nanoseconds` (Linux 6.12
/// and later: EEVDF's per-task slice, `sched_attr.sched_runtime` for SCHED_OTHER), so that a
/// thread woken meanwhile gets a core sooner. 0, or -1 with errno set (older kernels, elsewhere).
int craftsman_set_time_slice(uint64_t nanoseconds);

/// Whether a file is open anywhere else: 0 when no other open file description of it exists (a
/// write lease could be taken, and was released at once), 1 when one does, -1 when this cannot be
/// told (no lease support, not the file's owner, no such file). Linux only; -1 elsewhere.
int craftsman_file_is_open_elsewhere(const char *path);

#endif
