/*
 * standin — barracks' stand-in for Soldat's 32-bit glibc `soldatserver`.
 *
 * Built with `gcc -m32` against glibc (PT_INTERP /lib/ld-linux.so.2, NEEDED libc.so.6 only)
 * and meant to run on musl through the ld-linux.so.2 -> ld-musl-i386.so.1 link, so it imports
 * nothing glibc-only: no _FORTIFY_SOURCE (*_chk), no stat (32-bit struct layouts differ), no
 * getaddrinfo, no select/timeval. See README.md for the protocol and flags.
 *
 * Like soldatserver it:
 *   - takes its base directory from readlink("/proc/self/exe") and chdir()s there, and refuses
 *     to start without <base>/banned.txt ("Unable to open file ...", exit 1): started through
 *     the loader, the base directory is the loader's (/lib/), as in the real bug;
 *   - resolves its lobby host (lobby_servers.txt, default rr.soldat.pl) the way Free Pascal's
 *     netdb does: /etc/hosts, then its own UDP DNS query to the first IPv4 nameserver of
 *     /etc/resolv.conf (or -ns IP). A missing resolv.conf is a warning; the query runs in the
 *     main loop with a 1 s limit, so it never delays serving;
 *   - binds a UDP port (-p, soldat.ini [NETWORK] Port=, default 23073) and logs to
 *     logs/console.log; writes banned.txt with open/write/fsync when told to ban;
 *   - exits with status 0 on SIGTERM or SIGINT.
 * On request (FORBIDDEN datagram or --forbidden) it makes one syscall no learned policy holds:
 * swapoff("/nonexistent-barracks-standin"), which fails harmlessly (EPERM without
 * CAP_SYS_ADMIN, else ENOENT) when allowed and is killed with SIGSYS under the filter.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STANDIN_VERSION "1.0"
#define DEFAULT_PORT 23073
#define DEFAULT_LOBBY "rr.soldat.pl"
#define DNS_TIMEOUT_MS 1000
#define FORBIDDEN_PATH "/nonexistent-barracks-standin"

static char base_dir[4096];   /* with a trailing slash, or "" without /proc */
static int log_fd = -1;
static int ban_count;
static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t stop_signal;

/* An event: printed on stdout (flushed) and appended to logs/console.log with a UTC time. */
static void event(const char *format, ...) {
    char message[1024], line[1100], stamp[32] = "";
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    printf("%s\n", message);
    fflush(stdout);
    if (log_fd < 0) return;
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    int length = snprintf(line, sizeof line, "%s %s\n", stamp, message);
    if (length > 0 && write(log_fd, line, (size_t)length) < 0) { /* logging must not kill the server */ }
}

static void on_signal(int number) {
    int saved = errno;
    stop_signal = number;
    if (signal_pipe[1] >= 0 && write(signal_pipe[1], "s", 1) < 0) { /* the flag is enough */ }
    errno = saved;
}

static char *trim(char *text) {
    while (*text == ' ' || *text == '\t') text++;
    size_t length = strlen(text);
    while (length && strchr(" \t\r\n", text[length - 1])) text[--length] = '\0';
    return text;
}

/* soldat.ini-like config: [NETWORK] Port=N and Lobby_Register=0|1; a missing file is fine. */
static void read_config(const char *path, int *port, int *lobby_register) {
    FILE *file = fopen(path, "r");
    if (!file) {
        event("warning: cannot open config %s%s (%s), using defaults", base_dir, path, strerror(errno));
        return;
    }
    char line[512];
    while (fgets(line, sizeof line, file)) {
        char *text = trim(line), *equals = strchr(text, '=');
        if (!equals || *text == ';' || *text == '[') continue;
        *equals = '\0';
        char *key = trim(text), *value = trim(equals + 1);
        if (strcasecmp(key, "Port") == 0) *port = atoi(value);
        else if (strcasecmp(key, "Lobby_Register") == 0) *lobby_register = atoi(value);
    }
    fclose(file);
}

static int count_lines(FILE *file) {
    char line[512];
    int count = 0;
    while (fgets(line, sizeof line, file))
        if (*trim(line)) count++;
    return count;
}

/* ---- lobby lookup: /etc/hosts, then one UDP DNS query (A record) ---- */

struct lookup {
    char name[256];
    struct sockaddr_in server;
    int fd;            /* -1 when no query is outstanding */
    long long deadline_ms;
    unsigned short id;
};

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int lookup_hosts(const char *name, char *address, size_t size) {
    FILE *file = fopen("/etc/hosts", "r");
    if (!file) return 0;
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, file)) {
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *field = strtok(line, " \t\r\n");
        if (!field || strchr(field, ':')) continue;
        snprintf(address, size, "%s", field);
        for (char *alias; (alias = strtok(NULL, " \t\r\n"));)
            if (strcasecmp(alias, name) == 0) found = 1;
    }
    fclose(file);
    return found;
}

static int first_nameserver(struct in_addr *server) {
    FILE *file = fopen("/etc/resolv.conf", "r");
    if (!file) {
        event("warning: cannot open /etc/resolv.conf (%s): lobby lookup skipped", strerror(errno));
        return 0;
    }
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, file)) {
        char *word = strtok(line, " \t\r\n"), *value = strtok(NULL, " \t\r\n");
        if (word && value && strcmp(word, "nameserver") == 0 && inet_pton(AF_INET, value, server) == 1) found = 1;
    }
    fclose(file);
    if (!found) event("warning: no IPv4 nameserver in /etc/resolv.conf: lobby lookup skipped");
    return found;
}

static void start_lookup(struct lookup *lookup, const char *nameserver) {
    char address[64];
    lookup->fd = -1;
    if (lookup_hosts(lookup->name, address, sizeof address)) {
        event("lobby: %s is %s (from /etc/hosts)", lookup->name, address);
        return;
    }
    memset(&lookup->server, 0, sizeof lookup->server);
    lookup->server.sin_family = AF_INET;
    lookup->server.sin_port = htons(53);
    if (nameserver) {   /* IP, or IP:PORT (the port is a test hook; soldat's -ns takes an IP) */
        char ip[64];
        snprintf(ip, sizeof ip, "%s", nameserver);
        char *colon = strchr(ip, ':');
        if (colon) {
            *colon = '\0';
            lookup->server.sin_port = htons((unsigned short)atoi(colon + 1));
        }
        if (inet_pton(AF_INET, ip, &lookup->server.sin_addr) != 1) {
            event("warning: -ns %s is not an IPv4 address: lobby lookup skipped", nameserver);
            return;
        }
    } else if (!first_nameserver(&lookup->server.sin_addr)) {
        return;
    }
    unsigned char query[300];
    lookup->id = (unsigned short)(getpid() ^ 0x5d17);
    size_t at = 12;
    memset(query, 0, at);
    query[0] = lookup->id >> 8; query[1] = lookup->id & 0xff;
    query[2] = 0x01;             /* recursion desired */
    query[5] = 1;                /* one question */
    for (const char *label = lookup->name; *label;) {
        size_t length = strcspn(label, ".");
        if (length == 0 || length > 63 || at + length + 6 > sizeof query) {
            event("warning: lobby host %s is not a valid DNS name: lookup skipped", lookup->name);
            return;
        }
        query[at++] = (unsigned char)length;
        memcpy(query + at, label, length);
        at += length;
        label += length + (label[length] == '.');
    }
    query[at++] = 0;
    query[at++] = 0; query[at++] = 1;   /* type A */
    query[at++] = 0; query[at++] = 1;   /* class IN */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    char server[INET_ADDRSTRLEN + 8], ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &lookup->server.sin_addr, ip, sizeof ip);
    if (ntohs(lookup->server.sin_port) == 53) snprintf(server, sizeof server, "%s", ip);
    else snprintf(server, sizeof server, "%s:%d", ip, ntohs(lookup->server.sin_port));
    if (fd < 0 || sendto(fd, query, at, 0, (struct sockaddr *)&lookup->server, sizeof lookup->server) < 0) {
        event("lobby: cannot ask %s about %s (%s)", server, lookup->name, strerror(errno));
        if (fd >= 0) close(fd);
        return;
    }
    lookup->fd = fd;
    lookup->deadline_ms = monotonic_ms() + DNS_TIMEOUT_MS;
    event("lobby: asked %s for %s", server, lookup->name);
}

/* Offset just past a (possibly compressed) DNS name at `at`, or 0 when malformed. */
static size_t skip_name(const unsigned char *packet, size_t length, size_t at) {
    while (at < length) {
        if (packet[at] == 0) return at + 1;
        if ((packet[at] & 0xc0) == 0xc0) return at + 2 <= length ? at + 2 : 0;
        at += 1 + packet[at];
    }
    return 0;
}

static void finish_lookup(struct lookup *lookup) {
    unsigned char packet[1500];
    ssize_t got = recv(lookup->fd, packet, sizeof packet, 0);
    close(lookup->fd);
    lookup->fd = -1;
    if (got < 12 || packet[0] != (lookup->id >> 8) || packet[1] != (lookup->id & 0xff) || !(packet[2] & 0x80)) {
        event("lobby: unusable DNS reply for %s (%zd bytes)", lookup->name, got);
        return;
    }
    int rcode = packet[3] & 0x0f, answers = packet[6] << 8 | packet[7];
    size_t at = skip_name(packet, (size_t)got, 12);
    at = at ? at + 4 : 0;
    for (int index = 0; at && index < answers; index++) {
        at = skip_name(packet, (size_t)got, at);
        if (!at || at + 10 > (size_t)got) break;
        int type = packet[at] << 8 | packet[at + 1];
        size_t data_length = (size_t)(packet[at + 8] << 8 | packet[at + 9]);
        at += 10;
        if (at + data_length > (size_t)got) break;
        if (type == 1 && data_length == 4) {
            char address[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, packet + at, address, sizeof address);
            event("lobby: %s is %s", lookup->name, address);
            return;
        }
        at += data_length;
    }
    event("lobby: no address for %s (rcode %d, %d answers)", lookup->name, rcode, answers);
}

/* ---- the UDP protocol ---- */

static void forbidden_syscall(void) {
    event("forbidden: calling swapoff(\"%s\")", FORBIDDEN_PATH);
    long result = syscall(SYS_swapoff, FORBIDDEN_PATH);
    event("forbidden: swapoff returned %ld (%s)", result, result < 0 ? strerror(errno) : "no error");
}

static void ban(const char *arguments, const char *peer, char *reply, size_t size) {
    char ip[64] = "", reason[256] = "banned by admin";
    struct in_addr parsed;
    size_t ip_length = strcspn(arguments, " ");
    if (ip_length < sizeof ip) memcpy(ip, arguments, ip_length);
    if (arguments[ip_length] == ' ' && *trim((char *)arguments + ip_length + 1))
        snprintf(reason, sizeof reason, "%s", trim((char *)arguments + ip_length + 1));
    if (!*ip || inet_pton(AF_INET, ip, &parsed) != 1) {
        snprintf(reply, size, "ERROR usage: BAN <ipv4> [reason]\n");
        return;
    }
    char line[400], path[4200];
    int length = snprintf(line, sizeof line, "%s:-1:%s\n", ip, reason);
    snprintf(path, sizeof path, "%sbanned.txt", base_dir);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0 || write(fd, line, (size_t)length) != length || fsync(fd) != 0) {
        event("ban %s failed: %s: %s", ip, path, strerror(errno));
        snprintf(reply, size, "ERROR cannot write banned.txt: %s\n", strerror(errno));
        if (fd >= 0) close(fd);
        return;
    }
    close(fd);
    ban_count++;
    event("ban %s (%s) by %s", ip, reason, peer);
    snprintf(reply, size, "BANNED %s\n", ip);
}

static void serve(int fd) {
    char request[512], reply[600], peer[64];
    struct sockaddr_in from;
    socklen_t from_length = sizeof from;
    ssize_t got = recvfrom(fd, request, sizeof request - 1, 0, (struct sockaddr *)&from, &from_length);
    if (got < 0) return;
    request[got] = '\0';
    char *command = trim(request);
    char address[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &from.sin_addr, address, sizeof address);
    snprintf(peer, sizeof peer, "%s:%d", address, ntohs(from.sin_port));
    event("query \"%.40s\" from %s", command, peer);
    if (strcmp(command, "STATUS") == 0) {
        snprintf(reply, sizeof reply, "STANDIN OK players=0 bans=%d\n", ban_count);
    } else if (strncmp(command, "BAN ", 4) == 0) {
        ban(command + 4, peer, reply, sizeof reply);
    } else if (strcmp(command, "FORBIDDEN") == 0) {
        forbidden_syscall();
        snprintf(reply, sizeof reply, "FORBIDDEN survived\n");
    } else {
        snprintf(reply, sizeof reply, "ERROR unknown command\n");
    }
    sendto(fd, reply, strlen(reply), 0, (struct sockaddr *)&from, from_length);
}

static void usage(FILE *to) {
    fprintf(to, "usage: standin [-p PORT] [-b ADDRESS] [-c CONFIG] [-ns IP[:PORT]] [--forbidden]\n"
                "  -p PORT          UDP port (default: soldat.ini [NETWORK] Port, else %d)\n"
                "  -b ADDRESS       bind address (default 0.0.0.0)\n"
                "  -c CONFIG        config file in the base directory (default soldat.ini)\n"
                "  -ns IP[:PORT]    DNS server for the lobby lookup (default: /etc/resolv.conf's)\n"
                "  --forbidden      make the forbidden syscall (swapoff) right after start\n", DEFAULT_PORT);
}

int main(int argc, char **argv) {
    int port = 0, config_port = DEFAULT_PORT, lobby_register = 1, forbidden = 0;
    const char *bind_address = "0.0.0.0", *config = "soldat.ini", *nameserver = NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int index = 1; index < argc; index++) {
        const char *arg = argv[index], *value = index + 1 < argc ? argv[index + 1] : NULL;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) { usage(stdout); return 0; }
        else if (strcmp(arg, "--forbidden") == 0) forbidden = 1;
        else if (value && strcmp(arg, "-p") == 0) { port = atoi(value); index++; }
        else if (value && strcmp(arg, "-b") == 0) { bind_address = value; index++; }
        else if (value && strcmp(arg, "-c") == 0) { config = value; index++; }
        else if (value && strcmp(arg, "-ns") == 0) { nameserver = value; index++; }
        else { fprintf(stderr, "standin: unknown or incomplete option %s\n", arg); usage(stderr); return 2; }
    }
    printf("-= barracks stand-in server =-\nversion %s (pid %d)\n", STANDIN_VERSION, (int)getpid());
    fflush(stdout);

    char exe[4096];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length > 0 && exe[0] == '/') {
        exe[length] = '\0';
        strrchr(exe, '/')[1] = '\0';
        snprintf(base_dir, sizeof base_dir, "%s", exe);
        if (chdir(base_dir) != 0) printf("warning: cannot chdir to %s: %s\n", base_dir, strerror(errno));
    } else {
        printf("warning: cannot read /proc/self/exe (%s): using the current directory\n", strerror(errno));
    }

    char path[4200];
    snprintf(path, sizeof path, "%sbanned.txt", base_dir);
    FILE *banned = fopen(path, "r");
    if (!banned) {
        printf("Unable to open file \"%s\"\n", path);
        fflush(stdout);
        return 1;
    }
    ban_count = count_lines(banned);
    fclose(banned);

    if (mkdir("logs", 0755) == 0) printf("warning: logs/ was missing, created it\n");
    log_fd = open("logs/console.log", O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (log_fd < 0) printf("warning: cannot open %slogs/console.log (%s): logging to stdout only\n", base_dir, strerror(errno));
    read_config(config, &config_port, &lobby_register);
    if (port <= 0) port = config_port;

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    if (pipe(signal_pipe) != 0 || sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0) {
        printf("cannot set up signal handling: %s\n", strerror(errno));
        return 1;
    }

    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)port);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (inet_pton(AF_INET, bind_address, &address.sin_addr) != 1 || fd < 0
        || bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        event("Unable to bind udp %s:%d (%s)", bind_address, port, errno ? strerror(errno) : "bad address");
        return 1;
    }
    event("start: base %s, %d bans, pid %d", *base_dir ? base_dir : "(current directory)", ban_count, (int)getpid());
    printf("listening on udp/%d\n", port);
    fflush(stdout);
    if (forbidden) forbidden_syscall();

    struct lookup lookup = {.fd = -1};
    if (lobby_register) {
        snprintf(lookup.name, sizeof lookup.name, "%s", DEFAULT_LOBBY);
        FILE *lobbies = fopen("lobby_servers.txt", "r");
        char line[256];
        if (lobbies) {
            while (fgets(line, sizeof line, lobbies))
                if (*trim(line)) { snprintf(lookup.name, sizeof lookup.name, "%s", trim(line)); break; }
            fclose(lobbies);
        }
        start_lookup(&lookup, nameserver);
    } else {
        event("lobby: registration disabled (Lobby_Register=0)");
    }

    while (!stop_signal) {
        struct pollfd fds[3] = {{.fd = fd, .events = POLLIN}, {.fd = signal_pipe[0], .events = POLLIN},
                                {.fd = lookup.fd, .events = POLLIN}};
        long long left = lookup.fd >= 0 ? lookup.deadline_ms - monotonic_ms() : -1;
        int ready = poll(fds, lookup.fd >= 0 ? 3 : 2, lookup.fd >= 0 ? (left > 0 ? (int)left : 0) : -1);
        if (ready < 0 && errno != EINTR) { event("poll failed: %s", strerror(errno)); break; }
        if (lookup.fd >= 0) {
            if (ready > 0 && (fds[2].revents & POLLIN)) finish_lookup(&lookup);
            else if (monotonic_ms() >= lookup.deadline_ms) {
                event("lobby: no DNS answer for %s within %d ms", lookup.name, DNS_TIMEOUT_MS);
                close(lookup.fd);
                lookup.fd = -1;
            }
        }
        if (ready > 0 && (fds[0].revents & POLLIN)) serve(fd);
    }
    event("shutdown: %s", stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "poll error");
    close(fd);
    if (log_fd >= 0) close(log_fd);
    return stop_signal ? 0 : 1;
}
