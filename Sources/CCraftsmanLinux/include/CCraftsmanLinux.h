// Linux system interfaces that Swift's Glibc module does not export: epoll, eventfd and thread names, for the
// socket server's I/O threads (Sources/CraftsmanRPCSocket/Internal/SocketEventLoop.swift, the one
// Swift file that imports this module).
#ifndef CCRAFTSMAN_LINUX_H
#define CCRAFTSMAN_LINUX_H

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif

/// Names the calling thread (at most 15 bytes are kept), for top, perf and debuggers.
void craftsman_set_thread_name(const char *name);

#endif
