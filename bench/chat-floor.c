/*
 * chat-floor.c: the kernel's part of bench/chat's traffic and nothing else (bench/chat-floor runs it).
 *
 *   chat-floor writer PORT CONNS RATE SIZE BATCH_MS SECONDS
 *   chat-floor reader PORT CONNS SAY_EVERY_MS SIZE SECONDS
 *
 * The writer plays the server: it accepts CONNS loopback connections, then every BATCH_MS writes each one the
 * messages of RATE per second that fell due (SIZE bytes each) in one write(2), and reads and drops what the
 * readers say. The reader plays the load tool: it connects CONNS times, reads everything into one buffer and
 * says SIZE/3 bytes on each connection every SAY_EVERY_MS. No parsing, no framing, no allocation: what remains
 * is the system calls and the loopback TCP stack, the floor under any chat server and load tool on this box.
 * Each process prints one line at the end: its role, the bytes it moved in the measured SECONDS, and the
 * largest backlog a writer had to carry to the next batch (the socket was full).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static char buf[1 << 16];

/* Reads and drops whatever fd has; returns the bytes. */
static long drain(int fd) {
    long n = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r > 0) {
            n += r;
            if (r < (ssize_t) sizeof buf) return n;
        } else {
            return n;
        }
    }
}

static int writer(int port, int conns, int rate, int size, int batch_ms, int seconds) {
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *) &a, sizeof a) || listen(ls, 4096)) die("listen");
    int *fd = calloc(conns, sizeof *fd);
    long *owed = calloc(conns, sizeof *owed); /* bytes a full socket did not take, carried to the next batch */
    for (int i = 0; i < conns; i++) {
        if ((fd[i] = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) < 0) die("accept");
        setsockopt(fd[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as the chat's sockets */
    }
    int ep = epoll_create1(0);
    for (int i = 0; i < conns; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &e);
    }
    char *msgs = malloc((size_t) size * rate * 10 + 1);
    memset(msgs, 'x', (size_t) size * rate * 10 + 1);
    struct epoll_event ev[512];
    long long start = now_ms(), end = start + seconds * 1000LL, next = start;
    double due = 0; /* messages per connection that fell due and were not yet written */
    long written = 0, got = 0, max_owed = 0;
    while (now_ms() < end) {
        long long t = now_ms();
        if (t >= next) {
            due += rate * (double) batch_ms / 1000;
            int k = (int) due;
            due -= k;
            for (int i = 0; i < conns; i++) {
                long want = owed[i] + (long) k * size;
                if (want == 0) continue;
                if (want > (long) size * rate * 10) want = (long) size * rate * 10;
                ssize_t w = write(fd[i], msgs, want);
                if (w < 0) w = 0;
                written += w;
                owed[i] = owed[i] + (long) k * size - w;
                if (owed[i] > max_owed) max_owed = owed[i];
            }
            next += batch_ms;
        }
        int wait = (int) (next - now_ms());
        int n = epoll_wait(ep, ev, 512, wait < 0 ? 0 : wait);
        for (int j = 0; j < n; j++) got += drain(fd[ev[j].data.u32]);
    }
    printf("writer port %d: %d connections, %.0f bytes/s written, %.0f bytes/s read, largest carried %ld bytes\n",
           port, conns, written / (double) seconds, got / (double) seconds, max_owed);
    return 0;
}

static int reader(int port, int conns, int say_ms, int size, int seconds) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int *fd = calloc(conns, sizeof *fd), one = 1;
    for (int i = 0; i < conns; i++) {
        fd[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd[i], (struct sockaddr *) &a, sizeof a)) die("connect");
        setsockopt(fd[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (ioctl(fd[i], FIONBIO, &one)) die("nonblock");
    }
    int ep = epoll_create1(0);
    for (int i = 0; i < conns; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &e);
    }
    char say[4096];
    int say_size = size / 3 < (int) sizeof say ? size / 3 : (int) sizeof say;
    memset(say, 'y', sizeof say);
    struct epoll_event ev[512];
    long long start = now_ms(), end = start + seconds * 1000LL;
    long got = 0, said = 0;
    int cursor = 0; /* the next connection to say: conns of them each say_ms, spread evenly */
    while (now_ms() < end) {
        long long t = now_ms();
        long should = (long) ((t - start) * (double) conns / say_ms);
        for (; said < should; said++) {
            if (write(fd[cursor], say, say_size) < 0 && errno != EAGAIN) die("say");
            cursor = (cursor + 1) % conns;
        }
        int n = epoll_wait(ep, ev, 512, 1);
        for (int j = 0; j < n; j++) got += drain(fd[ev[j].data.u32]);
    }
    printf("reader port %d: %d connections, %.0f bytes/s read, %.0f says/s\n", port, conns, got / (double) seconds,
           said / (double) seconds);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 8 && !strcmp(argv[1], "writer"))
        return writer(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), atoi(argv[7]));
    if (argc == 7 && !strcmp(argv[1], "reader"))
        return reader(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]));
    fprintf(stderr, "usage: chat-floor writer PORT CONNS RATE SIZE BATCH_MS SECONDS\n"
                    "       chat-floor reader PORT CONNS SAY_EVERY_MS SIZE SECONDS\n");
    return 2;
}
