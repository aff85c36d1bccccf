// echo_client: a closed-loop load generator for the Craftsman RPC benchmarks.
//
// One TCP connection with exactly --inflight calls in flight: it sends N request frames, and
// every time a response arrives it records that call's latency and sends a new call, so N stay
// outstanding. All the calls started after one read go out together in one write.
//
//   --mode raw        frames of docs/PROTOCOL.md section 3 only: REQUEST (type 0x02, END_STREAM)
//                     whose payload is the --payload bytes themselves; for echo_server.c.
//   --mode craftsman  the real protocol: preface, an empty SETTINGS, then per call a REQUEST for
//                     craftsman.rpc.v1.EchoService/Echo whose RequestHeader carries an EchoRequest
//                     with the --payload bytes (encoded by hand, once); a call is done when its
//                     RESPONSE (type 0x04) arrives.
//
// Timing: the clock starts once the connection is up. The first --warmup seconds are not
// measured; then every call that completes within the next --seconds is counted, its latency
// being the time from just before the write() that sent it to just after the read() that
// returned its response (CLOCK_MONOTONIC; one clock reading per write and one per read, shared
// by all the calls of that write or read). After the measured period no new call is sent; the
// ones in flight are drained and the connection closed.
//
// Percentiles are exact: every latency of the measured period is kept (8 bytes each) in one big
// array that is sorted at the end; p50/p99/p99.9 are nearest-rank (the smallest latency with at
// least that fraction of calls at or below it), as in benchmarks/grpc-swift.
//
// Output: one JSON line on stdout, for example
//   {"system":"c-epoll","mode":"raw","inflight":64,"payload":256,"seconds":10.0,"calls":N,
//    "calls_per_sec":X,"p50_us":...,"p99_us":...,"p999_us":...,"max_us":...}
// Errors go to stderr with exit status 1.
//
// --selftest checks the hand-made encoder against the golden frames of PROTOCOL.md section 9.

#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define HEADER_SIZE 10
#define MAX_FRAME (4u * 1024 * 1024)          // the protocol's default max_frame_size

#define TYPE_SETTINGS 0x01
#define TYPE_REQUEST 0x02
#define TYPE_RESPONSE 0x04
#define TYPE_PING 0x07
#define TYPE_GOAWAY 0x08
#define FLAG_END_STREAM 0x01
#define FLAG_ACK 0x02

// Concurrent calls a client may open before the server's SETTINGS arrive (section 7), and the
// server's default when its SETTINGS leave max_concurrent_calls at 0.
#define PRE_SETTINGS_CALLS 100
#define DEFAULT_SERVER_CALLS 256

static const uint8_t PREFACE[10] = {0x89, 0x43, 0x52, 0x41, 0x46, 0x54, 0x0d, 0x0a, 0x01, 0x00};
static const char ECHO_SERVICE[] = "craftsman.rpc.v1.EchoService";
static const char ECHO_METHOD[] = "Echo";

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("echo_client: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) fail("out of memory (%zu bytes)", n);
    return p;
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) fail("out of memory (%zu bytes)", n);
    return p;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

// ---------------------------------------------------------------------------------------------
// Hand-made protobuf encoding of the one request this client sends.

static size_t varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

// A length-delimited field (wire type 2) with a one-byte tag (field numbers 1-15).
static uint8_t *put_bytes_field(uint8_t *p, unsigned field, const void *data, size_t len) {
    *p++ = (uint8_t)(field << 3 | 2);
    p = put_varint(p, len);
    if (len) memcpy(p, data, len);
    return p + len;
}

static size_t bytes_field_size(size_t len) { return 1 + varint_size(len) + len; }

static void put_header(uint8_t *p, uint32_t len, uint32_t call, uint8_t type, uint8_t flags) {
    put_be32(p, len);
    put_be32(p + 4, call);
    p[8] = type;
    p[9] = flags;
}

// The whole REQUEST frame for one call; only the call id (bytes 4-7) changes between calls.
//   raw:       header(type REQUEST, END_STREAM) + the payload bytes
//   craftsman: header(type REQUEST, END_STREAM) + RequestHeader {
//                1: service "craftsman.rpc.v1.EchoService", 2: method "Echo",
//                5: payload = EchoRequest { 1: payload = the payload bytes } }
//              (proto3: an empty EchoRequest.payload is left out; RequestHeader.payload is in a
//              oneof, so it is written even when the EchoRequest is empty.)
static uint8_t *build_request(int craftsman, const uint8_t *payload, size_t n, size_t *frame_len) {
    size_t body;
    size_t echo_len = 0;
    if (craftsman) {
        echo_len = n ? bytes_field_size(n) : 0;
        body = bytes_field_size(sizeof ECHO_SERVICE - 1) + bytes_field_size(sizeof ECHO_METHOD - 1) +
               bytes_field_size(echo_len);
    } else {
        body = n;
    }
    if (body > MAX_FRAME) fail("a request of %zu payload bytes is over the 4 MiB frame limit", n);
    uint8_t *f = xmalloc(HEADER_SIZE + body);
    put_header(f, (uint32_t)body, 1, TYPE_REQUEST, FLAG_END_STREAM);
    uint8_t *p = f + HEADER_SIZE;
    if (craftsman) {
        p = put_bytes_field(p, 1, ECHO_SERVICE, sizeof ECHO_SERVICE - 1);
        p = put_bytes_field(p, 2, ECHO_METHOD, sizeof ECHO_METHOD - 1);
        *p++ = 5 << 3 | 2;
        p = put_varint(p, echo_len);
        if (n) p = put_bytes_field(p, 1, payload, n);
    } else if (n) {
        memcpy(p, payload, n);
        p += n;
    }
    if ((size_t)(p - f) != HEADER_SIZE + body) fail("internal error: request size mismatch");
    *frame_len = HEADER_SIZE + body;
    return f;
}

// ---------------------------------------------------------------------------------------------
// Minimal protobuf reading, for the server's SETTINGS and the status in a RESPONSE.

// Reads a varint at *p (< end); returns -1 if malformed.
static int get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v) {
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

// Walks the top-level fields of a message. For each varint field calls on_varint, for each
// length-delimited field on_bytes (either may be NULL). Returns -1 if malformed.
struct pb_visit {
    void (*on_varint)(void *ctx, unsigned field, uint64_t v);
    void (*on_bytes)(void *ctx, unsigned field, const uint8_t *p, size_t len);
    void *ctx;
};

static int pb_walk(const uint8_t *p, size_t len, const struct pb_visit *v) {
    const uint8_t *end = p + len;
    while (p < end) {
        uint64_t key, x;
        if (get_varint(&p, end, &key) < 0) return -1;
        unsigned field = (unsigned)(key >> 3);
        switch (key & 7) {
        case 0:
            if (get_varint(&p, end, &x) < 0) return -1;
            if (v->on_varint) v->on_varint(v->ctx, field, x);
            break;
        case 1:
            if (end - p < 8) return -1;
            p += 8;
            break;
        case 2:
            if (get_varint(&p, end, &x) < 0 || x > (uint64_t)(end - p)) return -1;
            if (v->on_bytes) v->on_bytes(v->ctx, field, p, (size_t)x);
            p += x;
            break;
        case 5:
            if (end - p < 4) return -1;
            p += 4;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

struct server_settings {
    uint64_t max_frame_size, max_concurrent_calls;
};

static void settings_varint(void *ctx, unsigned field, uint64_t v) {
    struct server_settings *s = ctx;
    if (field == 1) s->max_frame_size = v;
    if (field == 2) s->max_concurrent_calls = v;
}

// ResponseTrailer { 1: CallStatus status { 1: code, 2: message }, 3: payload }.
struct trailer {
    uint64_t code;
    const uint8_t *message;
    size_t message_len;
};

static void status_varint(void *ctx, unsigned field, uint64_t v) {
    if (field == 1) ((struct trailer *)ctx)->code = v;
}

static void status_bytes(void *ctx, unsigned field, const uint8_t *p, size_t len) {
    if (field == 2) {
        ((struct trailer *)ctx)->message = p;
        ((struct trailer *)ctx)->message_len = len;
    }
}

static void trailer_bytes(void *ctx, unsigned field, const uint8_t *p, size_t len) {
    if (field == 1) {
        struct pb_visit sv = {status_varint, status_bytes, ctx};
        if (pb_walk(p, len, &sv) < 0) ((struct trailer *)ctx)->code = UINT64_MAX;
    }
}

// ---------------------------------------------------------------------------------------------
// --selftest

static int check_bytes(const char *what, const uint8_t *got, size_t got_len, const uint8_t *want,
                       size_t want_len) {
    if (got_len == want_len && memcmp(got, want, want_len) == 0) {
        printf("ok    %s (%zu bytes)\n", what, want_len);
        return 0;
    }
    printf("FAIL  %s\n  want:", what);
    for (size_t i = 0; i < want_len; i++) printf(" %02x", want[i]);
    printf("\n  got: ");
    for (size_t i = 0; i < got_len; i++) printf(" %02x", got[i]);
    printf("\n");
    return 1;
}

static int selftest(void) {
    int failures = 0;

    // Section 9: REQUEST, call 1, END_STREAM, EchoService/Echo with EchoRequest{payload "hi"}.
    static const uint8_t golden_request[] = {
        0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01,
        0x0a, 0x1c, 0x63, 0x72, 0x61, 0x66, 0x74, 0x73, 0x6d, 0x61, 0x6e, 0x2e, 0x72, 0x70, 0x63,
        0x2e, 0x76, 0x31, 0x2e, 0x45, 0x63, 0x68, 0x6f, 0x53, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65,
        0x12, 0x04, 0x45, 0x63, 0x68, 0x6f,
        0x2a, 0x04, 0x0a, 0x02, 0x68, 0x69};
    size_t len;
    uint8_t *f = build_request(1, (const uint8_t *)"hi", 2, &len);
    failures += check_bytes("golden REQUEST EchoService/Echo \"hi\" (section 9)", f, len,
                            golden_request, sizeof golden_request);
    free(f);

    // Section 9: the preface.
    static const uint8_t golden_preface[] = {0x89, 0x43, 0x52, 0x41, 0x46, 0x54, 0x0d, 0x0a, 0x01, 0x00};
    failures += check_bytes("golden preface (section 9)", PREFACE, sizeof PREFACE, golden_preface,
                            sizeof golden_preface);

    // Section 9: PING header, to check put_header.
    static const uint8_t golden_ping[] = {0, 0, 0, 8, 0, 0, 0, 0, 7, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t ping[18];
    put_header(ping, 8, 0, TYPE_PING, 0);
    for (int i = 0; i < 8; i++) ping[10 + i] = (uint8_t)(i + 1);
    failures += check_bytes("golden PING (section 9)", ping, sizeof ping, golden_ping,
                            sizeof golden_ping);

    // Multi-byte varints: a 300-byte payload makes EchoRequest = 0a ac 02 <300>, 303 bytes,
    // so RequestHeader.payload is 2a af 02 <303>, and the frame payload 30+6+3+303 = 342.
    uint8_t big[300];
    memset(big, 0x5a, sizeof big);
    f = build_request(1, big, sizeof big, &len);
    static const uint8_t want_prefix[] = {0x00, 0x00, 0x01, 0x56};
    static const uint8_t want_mid[] = {0x2a, 0xaf, 0x02, 0x0a, 0xac, 0x02, 0x5a};
    failures += check_bytes("300-byte payload: frame length 342", f, 4, want_prefix, 4);
    failures += check_bytes("300-byte payload: 2a af 02 0a ac 02", f + 10 + 30 + 6, 7, want_mid, 7);
    free(f);

    // Empty payload: EchoRequest is empty, RequestHeader.payload is still present (oneof).
    static const uint8_t want_empty_tail[] = {0x2a, 0x00};
    f = build_request(1, NULL, 0, &len);
    failures += check_bytes("empty payload ends with 2a 00", f + len - 2, 2, want_empty_tail, 2);
    free(f);

    // Section 9 RESPONSE examples, read back with the trailer reader.
    static const uint8_t ok_trailer[] = {0x0a, 0x00, 0x1a, 0x04, 0x0a, 0x02, 0x68, 0x69};
    static const uint8_t err_trailer[] = {0x0a, 0x0f, 0x08, 0x0c, 0x12, 0x0b, 0x6e, 0x6f, 0x20,
                                          0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x20, 0x58};
    struct trailer t = {0};
    struct pb_visit tv = {NULL, trailer_bytes, &t};
    int rc = pb_walk(ok_trailer, sizeof ok_trailer, &tv);
    printf("%s  RESPONSE OK trailer reads as code 0\n", rc == 0 && t.code == 0 ? "ok  " : "FAIL");
    failures += !(rc == 0 && t.code == 0);
    memset(&t, 0, sizeof t);
    rc = pb_walk(err_trailer, sizeof err_trailer, &tv);
    int good = rc == 0 && t.code == 12 && t.message_len == 11 && memcmp(t.message, "no method X", 11) == 0;
    printf("%s  RESPONSE UNIMPLEMENTED trailer reads as code 12 \"no method X\"\n", good ? "ok  " : "FAIL");
    failures += !good;

    printf(failures ? "selftest FAILED (%d)\n" : "selftest passed\n", failures);
    return failures ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The benchmark.

struct options {
    const char *connect;
    long inflight;
    long payload;
    double warmup, seconds;
    int craftsman;
};

// Calls in flight, in an open-addressed table of 2^k >= 2N slots indexed by call id. Call ids
// increase (1, 2, 3, ...); when the next id's slot is still taken by an older call that has not
// been answered (possible only if the server answers out of order) the id is skipped, as gaps
// are allowed. With at most N-1 other calls in 2N slots a free one is always close.
struct slot {
    uint32_t id;        // 0: free
    uint64_t sent_ns;   // 0 until the write that carries it
};

struct client {
    struct options opt;
    int fd;
    uint8_t *request;   // the request frame, built once
    size_t request_len;

    struct slot *slots;
    uint32_t mask;
    uint32_t next_id;
    long in_flight;     // calls sent or queued and not answered
    long limit;         // how many calls may be open now (N, or less before the server SETTINGS)

    uint32_t *unsent;   // slots queued in the output buffer since the last write
    size_t unsent_len;

    uint8_t *out;
    size_t out_off, out_len, out_cap;
    uint8_t *in;
    size_t in_len, in_cap;

    int got_preface, got_settings;
    uint64_t measure_start, measure_end;
    int sending;        // new calls are still being started

    uint64_t *lat;      // nanoseconds, calls completed in the measured period
    size_t lat_len, lat_cap;
};

static void out_append(struct client *c, const void *p, size_t n) {
    if (c->out_len + n > c->out_cap) {
        if (c->out_off > 0) {   // reclaim the sent front before growing
            memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
            c->out_len -= c->out_off;
            c->out_off = 0;
        }
        if (c->out_len + n > c->out_cap) {
            size_t cap = c->out_cap ? c->out_cap : 65536;
            while (cap < c->out_len + n) cap *= 2;
            c->out = xrealloc(c->out, cap);
            c->out_cap = cap;
        }
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
}

static void start_call(struct client *c) {
    uint32_t id = c->next_id;
    while (c->slots[id & c->mask].id != 0) {
        id++;
        if (id == 0) fail("ran out of call ids");
    }
    c->next_id = id + 1;
    if (c->next_id == 0) fail("ran out of call ids");
    struct slot *s = &c->slots[id & c->mask];
    s->id = id;
    s->sent_ns = 0;
    c->unsent[c->unsent_len++] = id & c->mask;
    put_be32(c->request + 4, id);
    out_append(c, c->request, c->request_len);
    c->in_flight++;
}

static void top_up(struct client *c) {
    while (c->sending && c->in_flight < c->limit) start_call(c);
}

// Writes what the kernel takes now; stamps the send time of the calls it carries. Returns
// whether output is still pending.
static int flush_out(struct client *c) {
    if (c->unsent_len > 0) {
        // One clock reading per write, just before it. (A call that the kernel takes only in a
        // later write is stamped here too; with loopback and N*frame well under the socket
        // buffer that does not happen in practice.)
        uint64_t t = now_ns();
        for (size_t i = 0; i < c->unsent_len; i++) c->slots[c->unsent[i]].sent_ns = t;
        c->unsent_len = 0;
    }
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->out_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return 1;
        } else {
            fail("send: %s", n < 0 ? strerror(errno) : "wrote nothing");
        }
    }
    c->out_off = c->out_len = 0;
    return 0;
}

static void complete_call(struct client *c, uint32_t id, uint64_t now) {
    struct slot *s = &c->slots[id & c->mask];
    if (id == 0 || s->id != id) fail("response for call %u, which is not in flight", id);
    if (now >= c->measure_start && now <= c->measure_end) {
        if (c->lat_len == c->lat_cap) {
            c->lat_cap = c->lat_cap ? c->lat_cap * 2 : (1u << 20);
            c->lat = xrealloc(c->lat, c->lat_cap * sizeof *c->lat);
        }
        c->lat[c->lat_len++] = now - s->sent_ns;
    }
    s->id = 0;
    c->in_flight--;
}

// Handles one whole frame (header h, payload p); fails on anything a benchmark cannot go on with.
static void on_frame(struct client *c, const uint8_t *h, const uint8_t *p, uint32_t len, uint64_t now) {
    uint32_t id = get_be32(h + 4);
    uint8_t type = h[8], flags = h[9];
    if (!c->opt.craftsman) {
        if (type != TYPE_RESPONSE) fail("raw mode: frame of type 0x%02x for call %u", type, id);
        if (len != (size_t)c->opt.payload || memcmp(p, c->request + HEADER_SIZE, len) != 0)
            fail("raw mode: call %u echoed %u bytes that differ from the %ld sent", id, len,
                 c->opt.payload);
        complete_call(c, id, now);
        return;
    }
    switch (type) {
    case TYPE_RESPONSE: {
        if (len == 0) fail("empty RESPONSE for call %u", id);
        // Not decoded beyond the status: a failed call must not count as an echo.
        struct trailer t = {0};
        struct pb_visit tv = {NULL, trailer_bytes, &t};
        if (pb_walk(p, len, &tv) < 0 || t.code != 0)
            fail("call %u failed: status %llu \"%.*s\"", id, (unsigned long long)t.code,
                 (int)t.message_len, t.message ? (const char *)t.message : "");
        complete_call(c, id, now);
        break;
    }
    case TYPE_SETTINGS: {
        if (c->got_settings) break;
        struct server_settings s = {0};
        struct pb_visit sv = {settings_varint, NULL, &s};
        if (pb_walk(p, len, &sv) < 0) fail("undecodable SETTINGS from the server");
        uint64_t max_calls = s.max_concurrent_calls ? s.max_concurrent_calls : DEFAULT_SERVER_CALLS;
        uint64_t max_frame = s.max_frame_size ? s.max_frame_size : MAX_FRAME;
        if ((uint64_t)c->opt.inflight > max_calls)
            fail("--inflight %ld is over the server's max_concurrent_calls (%llu)", c->opt.inflight,
                 (unsigned long long)max_calls);
        if (c->request_len - HEADER_SIZE > max_frame)
            fail("the request (%zu bytes) is over the server's max_frame_size (%llu)",
                 c->request_len - HEADER_SIZE, (unsigned long long)max_frame);
        c->got_settings = 1;
        c->limit = c->opt.inflight;
        break;
    }
    case TYPE_PING:
        if (!(flags & FLAG_ACK) && len == 8) {
            uint8_t pong[HEADER_SIZE + 8];
            put_header(pong, 8, 0, TYPE_PING, FLAG_ACK);
            memcpy(pong + HEADER_SIZE, p, 8);
            out_append(c, pong, sizeof pong);
        }
        break;
    case TYPE_GOAWAY:
        fail("the server sent GOAWAY (%u payload bytes); %ld calls in flight", len, c->in_flight);
        break;
    default:    // MESSAGE, WINDOW, unknown types: skipped
        break;
    }
}

// Handles every whole frame in the input buffer (and the server preface first, in craftsman
// mode), then keeps the partial frame that follows.
static void on_input(struct client *c, uint64_t now) {
    size_t pos = 0;
    if (c->opt.craftsman && !c->got_preface) {
        if (c->in_len < sizeof PREFACE) return;
        if (memcmp(c->in, PREFACE, 8) != 0) fail("the server's preface is not the Craftsman magic");
        if (c->in[8] != 1) fail("the server speaks protocol %u.%u, not 1.x", c->in[8], c->in[9]);
        c->got_preface = 1;
        pos = sizeof PREFACE;
    }
    while (c->in_len - pos >= HEADER_SIZE) {
        const uint8_t *h = c->in + pos;
        uint32_t len = get_be32(h);
        if (len > MAX_FRAME) fail("the server sent a frame of %u bytes, over 4 MiB", len);
        if (c->in_len - pos - HEADER_SIZE < len) break;
        on_frame(c, h, h + HEADER_SIZE, len, now);
        pos += HEADER_SIZE + (size_t)len;
    }
    c->in_len -= pos;
    if (pos > 0 && c->in_len > 0) memmove(c->in, c->in + pos, c->in_len);
    if (c->in_len >= HEADER_SIZE) {     // room for a big partial frame
        size_t need = HEADER_SIZE + (size_t)get_be32(c->in);
        if (need > c->in_cap) {
            c->in = xrealloc(c->in, need);
            c->in_cap = need;
        }
    }
}

static int connect_to(const char *spec) {
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec) fail("--connect wants HOST:PORT, got '%s'", spec);
    char host[256];
    size_t hlen = (size_t)(colon - spec);
    if (hlen >= sizeof host) fail("host name too long");
    memcpy(host, spec, hlen);
    host[hlen] = 0;
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = 0;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0) fail("%s: %s", spec, gai_strerror(rc));
    int fd = -1;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) fail("cannot connect to %s: %s", spec, strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Reads block (that is the fast path: one write, one read per round trip at --inflight 1),
    // but never for more than 1 s so that a silent server is noticed.
    struct timeval tv = {.tv_sec = 1, .tv_usec = 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// Nearest rank: the smallest value with at least fraction q of the values at or below it.
static double percentile_us(const uint64_t *sorted, size_t n, double q) {
    if (n == 0) return 0;
    double r = q * (double)n;
    size_t rank = (size_t)r;
    if ((double)rank < r) rank++;       // ceil
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

static void usage(void) {
    fprintf(stderr,
            "usage: echo_client --connect HOST:PORT [--mode raw|craftsman] [--inflight N]\n"
            "                   [--payload BYTES] [--warmup SECONDS] [--seconds SECONDS]\n"
            "       echo_client --selftest\n");
    exit(2);
}

static void parse(int argc, char **argv, struct options *o) {
    o->connect = NULL;
    o->inflight = 1;
    o->payload = 256;
    o->warmup = 2;
    o->seconds = 10;
    o->craftsman = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--selftest") == 0) exit(selftest());
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        char *end = NULL;
        errno = 0;
        if (strcmp(a, "--connect") == 0) {
            o->connect = v;
            continue;
        } else if (strcmp(a, "--mode") == 0) {
            if (strcmp(v, "raw") == 0) o->craftsman = 0;
            else if (strcmp(v, "craftsman") == 0) o->craftsman = 1;
            else usage();
            continue;
        } else if (strcmp(a, "--inflight") == 0) {
            o->inflight = strtol(v, &end, 10);
        } else if (strcmp(a, "--payload") == 0) {
            o->payload = strtol(v, &end, 10);
        } else if (strcmp(a, "--warmup") == 0) {
            o->warmup = strtod(v, &end);
        } else if (strcmp(a, "--seconds") == 0) {
            o->seconds = strtod(v, &end);
        } else {
            usage();
        }
        if (errno || !end || *end || end == v) {
            fprintf(stderr, "echo_client: bad value '%s' for %s\n", v, a);
            usage();
        }
    }
    if (!o->connect || o->inflight < 1 || o->inflight > (1 << 20) || o->payload < 0 ||
        o->payload > (long)MAX_FRAME || !(o->warmup >= 0) || !(o->seconds > 0) ||
        o->warmup + o->seconds > 86400) {
        fprintf(stderr, "echo_client: invalid arguments\n");
        usage();
    }
}

int main(int argc, char **argv) {
    struct client c;
    memset(&c, 0, sizeof c);
    parse(argc, argv, &c.opt);

    // The payload: a fixed, non-uniform byte pattern (the same as benchmarks/grpc-swift).
    size_t n = (size_t)c.opt.payload;
    uint8_t *payload = xmalloc(n);
    for (size_t i = 0; i < n; i++) payload[i] = (uint8_t)(i * 31 + 7);
    c.request = build_request(c.opt.craftsman, payload, n, &c.request_len);
    free(payload);

    uint32_t slots = 2;
    while (slots < 2 * (uint32_t)c.opt.inflight) slots *= 2;
    c.slots = calloc(slots, sizeof *c.slots);
    c.unsent = xmalloc((size_t)c.opt.inflight * sizeof *c.unsent + 1);
    if (!c.slots) fail("out of memory");
    c.mask = slots - 1;
    c.next_id = 1;
    c.in_cap = 256 * 1024;
    if (c.in_cap < c.request_len + 64) c.in_cap = c.request_len + 64;
    c.in = xmalloc(c.in_cap);

    c.fd = connect_to(c.opt.connect);
    uint64_t start = now_ns();
    c.measure_start = start + (uint64_t)(c.opt.warmup * 1e9);
    c.measure_end = c.measure_start + (uint64_t)(c.opt.seconds * 1e9);
    c.sending = 1;

    if (c.opt.craftsman) {
        out_append(&c, PREFACE, sizeof PREFACE);
        uint8_t settings[HEADER_SIZE];
        put_header(settings, 0, 0, TYPE_SETTINGS, 0);    // empty ConnectionSettings: defaults
        out_append(&c, settings, sizeof settings);
        c.limit = c.opt.inflight < PRE_SETTINGS_CALLS ? c.opt.inflight : PRE_SETTINGS_CALLS;
    } else {
        c.limit = c.opt.inflight;
    }
    top_up(&c);

    // Fails if the server stays silent for 10 s while calls are open.
    const uint64_t patience = 10ull * 1000000000u;
    uint64_t last_input = now_ns();
    for (;;) {
        int pending = flush_out(&c);
        if (!c.sending && c.in_flight == 0 && !pending) break;

        ssize_t r = -1;
        if (pending) {
            // Output is stuck: wait for either direction, so that we keep reading responses
            // (the server stops reading while its answers are not taken).
            struct pollfd pfd = {.fd = c.fd, .events = POLLIN | POLLOUT};
            int pr = poll(&pfd, 1, 1000);
            if (pr < 0 && errno != EINTR) fail("poll: %s", strerror(errno));
            if (pr > 0 && (pfd.revents & (POLLIN | POLLERR | POLLHUP)))
                r = recv(c.fd, c.in + c.in_len, c.in_cap - c.in_len, MSG_DONTWAIT);
            else
                errno = EAGAIN;
        } else {
            r = recv(c.fd, c.in + c.in_len, c.in_cap - c.in_len, 0);   // blocks, at most 1 s
        }
        uint64_t now = now_ns();    // one clock reading per read, right after it
        if (r == 0) fail("the server closed the connection (%ld calls in flight)", c.in_flight);
        if (r < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                fail("recv: %s", strerror(errno));
            if (now - last_input > patience)
                fail("no answer from the server for 10 s (%ld calls in flight)", c.in_flight);
        } else {
            last_input = now;
            c.in_len += (size_t)r;
            on_input(&c, now);
        }
        if (c.sending && now > c.measure_end) c.sending = 0;
        top_up(&c);
    }
    close(c.fd);

    qsort(c.lat, c.lat_len, sizeof *c.lat, cmp_u64);
    double secs = c.opt.seconds;
    printf("{\"system\":\"c-epoll\",\"mode\":\"%s\",\"inflight\":%ld,\"payload\":%ld,"
           "\"seconds\":%.1f,\"calls\":%zu,\"calls_per_sec\":%.1f,\"p50_us\":%.1f,"
           "\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f}\n",
           c.opt.craftsman ? "craftsman" : "raw", c.opt.inflight, c.opt.payload, secs, c.lat_len,
           (double)c.lat_len / secs, percentile_us(c.lat, c.lat_len, 0.50),
           percentile_us(c.lat, c.lat_len, 0.99), percentile_us(c.lat, c.lat_len, 0.999),
           c.lat_len ? (double)c.lat[c.lat_len - 1] / 1000.0 : 0.0);
    fflush(stdout);

    free(c.lat);
    free(c.in);
    free(c.out);
    free(c.unsent);
    free(c.slots);
    free(c.request);
    return 0;
}
