#define _GNU_SOURCE
#include <pthread.h>

#include "CCraftsmanLinux.h"

void craftsman_set_thread_name(const char *name) {
#ifdef __linux__
    pthread_setname_np(pthread_self(), name);
#else
    (void)name;
#endif
}
