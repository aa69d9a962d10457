#include "app/cli/progress_line.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "core/train/process_group.h"

namespace layermoe::cli {

namespace {
std::atomic<int> g_interrupts{0};

// Seconds between lines when standard error is not a terminal.
double line_interval() {
    const char* text = std::getenv("LAYERMOE_PROGRESS_INTERVAL");
    if (!text || !*text) return 10.0;
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    return *end || !(seconds >= 0) ? 10.0 : seconds;
}

void on_sigint(int) {
    if (g_interrupts.fetch_add(1) >= 1) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}
}  // namespace

void install_interrupt_handler() { std::signal(SIGINT, on_sigint); }
bool interrupted() { return g_interrupts.load() > 0; }

std::string format_duration(double s) {
    if (s < 0 || s != s) return "?";
    const auto total = static_cast<long>(s + 0.5);
    if (total < 60) return fmt::format("{}s", total);
    if (total < 3600) return fmt::format("{}m{:02d}s", total / 60, total % 60);
    return fmt::format("{}h{:02d}m", total / 3600, (total % 3600) / 60);
}

ProgressLine::ProgressLine(bool quiet)
    : quiet_(quiet || current_rank() != 0), tty_(isatty(fileno(stderr)) != 0), interval_(tty_ ? 0.1 : line_interval()) {
}

ProgressLine::~ProgressLine() { finish(); }

ProgressFn ProgressLine::callback() {
    return [this](const Progress& p) { return (*this)(p); };
}

bool ProgressLine::operator()(const Progress& p) {
    using clock = std::chrono::steady_clock;
    const auto now = clock::now();
    if (p.stage != stage_) {
        finish();
        stage_ = p.stage;
        stage_start_ = now;
        last_print_ = now - std::chrono::hours(1);
    }
    if (quiet_) return !interrupted();
    const double elapsed = std::chrono::duration<double>(now - stage_start_).count();
    const bool done = p.total > 0 && p.done >= p.total;
    const double since_print = std::chrono::duration<double>(now - last_print_).count();
    if (since_print < interval_ && !done) return !interrupted();
    last_print_ = now;
    std::string line = fmt::format("[{}]", to_string(p.stage));
    if (p.total > 0) {
        const double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0;
        const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : -1;
        line += fmt::format(" {}/{} {:3.0f}% {:.2f} {}/s ETA {}", p.done, p.total,
                            100.0 * static_cast<double>(p.done) / static_cast<double>(p.total), rate, p.unit,
                            format_duration(eta));
    }
    if (!p.message.empty()) line += " " + p.message;
    if (tty_) {
        fmt::print(stderr, "\r\033[K{}", line);
        line_open_ = true;
        if (done) finish();
    } else {
        fmt::print(stderr, "{}\n", line);
    }
    std::fflush(stderr);
    return !interrupted();
}

void ProgressLine::finish() {
    if (line_open_) fmt::print(stderr, "\n");
    line_open_ = false;
}

}  // namespace layermoe::cli
