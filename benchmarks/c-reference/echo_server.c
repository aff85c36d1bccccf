// echo_server: the "physical limit of this machine" reference for the Craftsman RPC benchmarks.
//
// A single-threaded, level-triggered epoll server. Every connection speaks only the frame layer
// of docs/PROTOCOL.md section 3 (10-byte header: 4-byte BE payload length, 4-byte BE call id,
// 1-byte type, 1-byte flags, then the payload): no preface, no SETTINGS, no protobuf. For every
// whole frame it receives it answers with a frame carrying the same call id and payload, type
// 0x04 (RESPONSE) and flags 0, whatever the request's type.
//
// Per readable event: one read() into the connection's input buffer (a second one only when the
// first filled the buffer), then every whole frame in the buffer is answered and all the answers
// of that read go out in one write(). The answers are made in place: a response differs from its
// request only in the type and flags bytes, so those two bytes are patched and the whole frames
// are written straight from the input buffer. Whatever the kernel does not take is copied into
// the connection's output buffer; while that buffer is not empty the connection waits for
// EPOLLOUT and reads nothing more, so a peer that does not read its answers cannot make the
// server buffer more than one read's worth of them.
//
// Bounded memory: a frame whose payload is over 4 MiB closes the connection (decided from the
// header, before any allocation). A connection holds at most one input buffer big enough for the
// largest frame plus one output buffer of the same size.
//
// usage: echo_server [--listen HOST:PORT]     (default 127.0.0.1:0, i.e. any free port)
// Prints "listening on HOST:PORT" once bound; SIGTERM or SIGINT stop it with exit status 0.

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEADER_SIZE 10
#define MAX_PAYLOAD (4u * 1024 * 1024)    // 4 MiB, the protocol's default max_frame_size
#define INITIAL_BUFFER (64 * 1024)
#define TYPE_RESPONSE 0x04
#define MAX_EVENTS 256

struct conn {
    int fd;
    uint8_t *in;           // received bytes not yet answered: [0, in_len)
    size_t in_len, in_cap;
    uint8_t *out;          // answers the kernel has not taken yet: [out_off, out_len)
    size_t out_off, out_len, out_cap;
    int writing;           // registered for EPOLLOUT (and not EPOLLIN) because out is not empty
    struct conn *prev, *next;
};

// Sentinels for epoll_event.data.ptr; connections use their struct conn *.
static char listen_tag, signal_tag;

static int epfd = -1;
static int reserve_fd = -1;        // kept open so that EMFILE can still be answered by a close
static struct conn *conns;         // every open connection, for cleanup at exit
static unsigned long open_conns;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static uint32_t get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void conn_close(struct conn *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    if (c->prev) c->prev->next = c->next; else conns = c->next;
    if (c->next) c->next->prev = c->prev;
    free(c->in);
    free(c->out);
    free(c);
    open_conns--;
}

static int set_events(struct conn *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    return epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

// Writes [p, p+len) and keeps in the output buffer whatever the kernel does not take.
// Returns -1 when the connection must be closed.
static int send_or_buffer(struct conn *c, const uint8_t *p, size_t len) {
    while (len > 0) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            return -1;
        }
    }
    if (len == 0) return 0;
    // The output buffer is empty here (we never read while it is not), so start it afresh.
    if (len > c->out_cap) {
        free(c->out);
        c->out = malloc(len);
        if (!c->out) {
            c->out_cap = 0;
            return -1;
        }
        c->out_cap = len;
    }
    memcpy(c->out, p, len);
    c->out_off = 0;
    c->out_len = len;
    c->writing = 1;
    return set_events(c, EPOLLOUT);
}

// Answers every whole frame in the input buffer with one write and keeps the partial frame that
// follows them. Returns -1 when the connection must be closed.
static int answer_frames(struct conn *c) {
    size_t pos = 0;
    while (c->in_len - pos >= HEADER_SIZE) {
        uint8_t *h = c->in + pos;
        uint32_t len = get_be32(h);
        if (len > MAX_PAYLOAD) return -1;        // refuse: never buffered, never allocated
        if (c->in_len - pos - HEADER_SIZE < len) break;
        h[8] = TYPE_RESPONSE;                    // same length, same call id, same payload
        h[9] = 0;
        pos += HEADER_SIZE + (size_t)len;
    }
    if (pos > 0) {
        if (send_or_buffer(c, c->in, pos) < 0) return -1;
        c->in_len -= pos;
        if (c->in_len > 0) memmove(c->in, c->in + pos, c->in_len);
    }
    // Make room for the partial frame at the front: grow for a big one, shrink after one.
    size_t need = INITIAL_BUFFER;
    if (c->in_len >= HEADER_SIZE) {
        size_t frame = HEADER_SIZE + (size_t)get_be32(c->in);
        if (frame > need) need = frame;
    }
    if (need > c->in_cap || (c->in_cap > INITIAL_BUFFER && need < c->in_cap / 4)) {
        uint8_t *grown = realloc(c->in, need);
        if (!grown) return -1;
        c->in = grown;
        c->in_cap = need;
    }
    if (!c->writing && c->out_cap > INITIAL_BUFFER) {   // drop a big output buffer once idle
        free(c->out);
        c->out = NULL;
        c->out_cap = 0;
    }
    return 0;
}

static void on_readable(struct conn *c) {
    for (int reads = 0; reads < 2 && !c->writing; reads++) {
        size_t room = c->in_cap - c->in_len;
        ssize_t n = recv(c->fd, c->in + c->in_len, room, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) {                            // end of stream or a socket error
            conn_close(c);
            return;
        }
        c->in_len += (size_t)n;
        if (answer_frames(c) < 0) {
            conn_close(c);
            return;
        }
        // Level-triggered: a read that did not fill the buffer very likely took everything,
        // and if not, epoll reports the socket again. Only a full buffer is worth a second read.
        if ((size_t)n < room) return;
    }
}

static void on_writable(struct conn *c) {
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->out_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            conn_close(c);
            return;
        }
    }
    c->out_off = c->out_len = 0;
    c->writing = 0;
    if (set_events(c, EPOLLIN) < 0) {
        conn_close(c);
        return;
    }
    // Nothing was read while writing, so the input buffer holds at most a partial frame; this
    // only resizes the buffers.
    if (answer_frames(c) < 0) conn_close(c);
}

static void on_acceptable(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if ((errno == EMFILE || errno == ENFILE) && reserve_fd >= 0) {
                // Out of descriptors: take the pending connection with the reserve and close
                // it, so that level-triggered epoll does not spin on the listening socket.
                close(reserve_fd);
                int victim = accept(lfd, NULL, NULL);
                if (victim >= 0) close(victim);
                reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                fprintf(stderr, "echo_server: out of file descriptors, connection refused\n");
                return;
            }
            perror("accept4");
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        if (c) c->in = malloc(INITIAL_BUFFER);
        if (!c || !c->in) {
            if (c) free(c);
            close(fd);
            continue;
        }
        c->fd = fd;
        c->in_cap = INITIAL_BUFFER;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            free(c->in);
            free(c);
            close(fd);
            continue;
        }
        c->next = conns;
        if (conns) conns->prev = c;
        conns = c;
        open_conns++;
    }
}

static int open_listener(const char *spec) {
    const char *colon = strrchr(spec, ':');
    if (!colon) {
        fprintf(stderr, "echo_server: --listen wants HOST:PORT, got '%s'\n", spec);
        exit(2);
    }
    char host[256];
    size_t hlen = (size_t)(colon - spec);
    if (hlen >= sizeof host) hlen = sizeof host - 1;
    memcpy(host, spec, hlen);
    host[hlen] = 0;
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {   // [::1]:PORT
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = 0;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res;
    int rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "echo_server: %s: %s\n", spec, gai_strerror(rc));
        exit(2);
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) die("bind");
    freeaddrinfo(res);
    if (listen(fd, 4096) < 0) die("listen");

    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) die("getsockname");
    char name[INET6_ADDRSTRLEN];
    unsigned port;
    if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, name, sizeof name);
        port = ntohs(a->sin6_port);
        printf("listening on [%s]:%u\n", name, port);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, name, sizeof name);
        port = ntohs(a->sin_port);
        printf("listening on %s:%u\n", name, port);
    }
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv) {
    const char *listen_spec = "127.0.0.1:0";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            listen_spec = argv[++i];
        } else {
            fprintf(stderr, "usage: echo_server [--listen HOST:PORT]\n");
            return 2;
        }
    }

    // SIGTERM and SIGINT arrive through a signalfd in the epoll set: no handler, no races.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) die("sigprocmask");
    int sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) die("signalfd");
    signal(SIGPIPE, SIG_IGN);

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) die("epoll_create1");
    reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int lfd = open_listener(listen_spec);

    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &listen_tag};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll_ctl listen");
    ev.data.ptr = &signal_tag;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev) < 0) die("epoll_ctl signalfd");

    struct epoll_event events[MAX_EVENTS];
    int running = 1;
    while (running) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        // A connection is closed (and freed) only while its own event is handled, and each fd
        // appears at most once per batch, so no later event in the batch can point at it.
        for (int i = 0; i < n; i++) {
            void *tag = events[i].data.ptr;
            if (tag == &listen_tag) {
                on_acceptable(lfd);
            } else if (tag == &signal_tag) {
                running = 0;
            } else {
                struct conn *c = tag;
                uint32_t e = events[i].events;
                if (c->writing) {
                    if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_writable(c);
                } else if (e & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                    on_readable(c);
                }
            }
        }
    }

    unsigned long left = open_conns;
    while (conns) conn_close(conns);
    close(lfd);
    close(sfd);
    close(epfd);
    if (reserve_fd >= 0) close(reserve_fd);
    fprintf(stderr, "echo_server: stopped (%lu connection%s open at exit)\n", left,
            left == 1 ? "" : "s");
    return 0;
}
