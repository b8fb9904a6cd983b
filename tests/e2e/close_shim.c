/* Loaded into the window's process for one e2e test (LD_PRELOAD): on
 * SIGUSR2 it opens and closes the file named in $KEHOACH_SHIM_REQUEST, as a
 * library inside the app does (GIO browsing the database's folder), and
 * writes "0" (done) or "1" (failed) to the same name + ".done".
 * Replaces calling close(open()) through gdb, which cannot call into a
 * process on every kernel. open, read, write and close are
 * async-signal-safe. Only kehoach-app gets the handler. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char request[4096];
static char done[4100];

static void touch(int sig) {
    (void)sig;
    char path[4096];
    int ok = 0;
    int r = open(request, O_RDONLY);
    if (r >= 0) {
        ssize_t n = read(r, path, sizeof path - 1);
        close(r);
        if (n > 0) {
            path[n] = 0;
            int fd = open(path, O_RDONLY);
            ok = fd >= 0 && close(fd) == 0;
        }
    }
    int m = open(done, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (m >= 0) {
        (void)!write(m, ok ? "0" : "1", 1);
        close(m);
    }
}

__attribute__((constructor)) static void install(void) {
    const char *req = getenv("KEHOACH_SHIM_REQUEST");
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (!req || n <= 0 || strlen(req) >= sizeof request) return;
    exe[n] = 0;
    const char *name = strrchr(exe, '/');
    if (!name || strcmp(name + 1, "kehoach-app") != 0) return;
    strcpy(request, req);
    strcpy(done, req);
    strcat(done, ".done");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = touch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
}
