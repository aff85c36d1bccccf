/* The protobuf-c runtime (Debian libprotobuf-c-dev 1.4.1). */
#ifndef CRAFTSMAN_CPROTOBUFC_SHIM_H
#define CRAFTSMAN_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
