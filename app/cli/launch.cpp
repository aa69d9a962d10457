#include "app/cli/launch.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/train/process_group.h"

namespace layermoe::cli {

namespace {

std::vector<pid_t> g_children;

// Ctrl-C reaches this process only (the ranks have their own process group): each rank gets it
// once, so a first Ctrl-C stops the job gracefully on every rank and a second ends it.
volatile std::sig_atomic_t g_interrupted = 0;

void forward_signal(int sig) {
    if (sig == SIGINT || sig == SIGTERM) g_interrupted = 1;
    for (pid_t pid : g_children)
        if (pid > 0) ::kill(pid, sig);
}

std::string describe(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return fmt::format("was killed by signal {} ({})", sig, strsignal(sig));
    }
    return fmt::format("exited with status {}", WEXITSTATUS(status));
}

int exit_code(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

}  // namespace

int launch_local_ranks(int argc, char** argv) {
    if (std::getenv("RANK")) return -1;  // a rank itself (ours or another launcher's)
    std::vector<char*> args;
    int nproc = -1;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        std::string value;
        if (a == "--nproc-per-node") {
            if (i + 1 >= argc) throw Error("--nproc-per-node: needs a number of processes");
            value = argv[++i];
        } else if (a.starts_with("--nproc-per-node=")) {
            value = a.substr(std::strlen("--nproc-per-node="));
        } else {
            args.push_back(argv[i]);
            continue;
        }
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end || n < 1 || n > 1024)
            throw Error(fmt::format("--nproc-per-node {}: must be a whole number from 1 to 1024", value));
        nproc = static_cast<int>(n);
    }
    if (nproc < 0) return -1;
    args.push_back(nullptr);
    const std::string port =
        std::getenv("MASTER_PORT") ? std::getenv("MASTER_PORT") : std::to_string(free_loopback_port());
    const std::string addr = std::getenv("MASTER_ADDR") ? std::getenv("MASTER_ADDR") : "127.0.0.1";
    std::fflush(nullptr);
    const pid_t launcher = ::getpid();
    // Installed before the first rank starts, so that a signal arriving while they start is
    // passed on to those already running (and PR_SET_PDEATHSIG covers a launcher killed outright).
    g_children.reserve(static_cast<size_t>(nproc));  // the handler reads it: never reallocated
    std::signal(SIGINT, forward_signal);
    std::signal(SIGTERM, forward_signal);
    for (int rank = 0; rank < nproc; ++rank) {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw Error(fmt::format("--nproc-per-node: cannot start rank {} ({})", rank, std::strerror(errno)));
        if (pid == 0) {
            std::signal(SIGINT, SIG_DFL);
            std::signal(SIGTERM, SIG_DFL);
            ::setpgid(0, 0);
            // A launcher killed outright (SIGKILL) takes its ranks with it.
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != launcher) ::_exit(1);  // it died before prctl
            const std::string r = std::to_string(rank), w = std::to_string(nproc);
            ::setenv("RANK", r.c_str(), 1);
            ::setenv("LOCAL_RANK", r.c_str(), 1);
            ::setenv("WORLD_SIZE", w.c_str(), 1);
            ::setenv("LOCAL_WORLD_SIZE", w.c_str(), 1);
            ::setenv("MASTER_ADDR", addr.c_str(), 1);
            ::setenv("MASTER_PORT", port.c_str(), 1);
            ::execv("/proc/self/exe", args.data());
            std::fprintf(stderr, "layermoe: rank %d: cannot run %s (%s)\n", rank, argv[0], std::strerror(errno));
            ::_exit(127);
        }
        g_children.push_back(pid);
        if (g_interrupted) ::kill(pid, SIGINT);  // it came while this rank was starting
    }

    int first_failure = 0, result = 0, running = nproc;
    bool terminated = false;
    int grace = -1;  // seconds left for the others after a rank failed
    while (running > 0) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, grace >= 0 ? WNOHANG : 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (pid == 0) {  // waiting out the grace period
            ::sleep(1);
            if (--grace == 0 && !terminated) {
                std::fprintf(stderr, "layermoe: the other ranks did not stop; terminating them\n");
                forward_signal(SIGKILL);
                terminated = true;
            }
            continue;
        }
        int rank = 0;
        for (; rank < nproc; ++rank)
            if (g_children[static_cast<size_t>(rank)] == pid) break;
        if (rank == nproc) continue;
        g_children[static_cast<size_t>(rank)] = -1;
        --running;
        // 130: the rank stopped on the Ctrl-C passed on to it (with a checkpoint), not a failure.
        const bool stopped = g_interrupted && WIFEXITED(status) && WEXITSTATUS(status) == 130;
        if (stopped && !result) result = 130;
        const bool failed = !stopped && !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (failed && !first_failure) {
            first_failure = 1;
            result = exit_code(status);
            std::fprintf(stderr, "layermoe: rank %d (pid %d) %s\n", rank, static_cast<int>(pid),
                         describe(status).c_str());
            // The others lose their peer and stop by themselves; a hung one is ended after this.
            grace = 60;
        }
    }
    return result;
}

void join_ranks_from_env() {
    const DistributedSettings s = distributed_settings_from_env();
    if (s.world_size <= 1) return;
    if (s.rank != 0 && !std::getenv("LAYERMOE_ALL_RANKS_PRINT")) {
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) {
            std::fflush(stdout);
            ::dup2(null, STDOUT_FILENO);
            ::close(null);
        }
    }
    init_distributed(s);
}

}  // namespace layermoe::cli
