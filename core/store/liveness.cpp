#include "core/store/liveness.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

namespace layermoe {
namespace {

std::string read_small_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string boot_id() {
    std::string id = read_small_file("/proc/sys/kernel/random/boot_id");
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    return id;
}

struct StatFields {
    char state = '?';
    int64_t start_ticks = 0;
};

// The command name (field 2) may hold spaces and ')', so fields are counted from the last ')'.
std::optional<StatFields> read_stat(int64_t pid) {
    const std::string text = read_small_file("/proc/" + std::to_string(pid) + "/stat");
    const auto close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream rest(text.substr(close + 1));
    StatFields fields;
    rest >> fields.state;
    std::string skipped;
    for (int field = 4; field < 22; ++field) rest >> skipped;
    rest >> fields.start_ticks;
    if (!rest) return std::nullopt;
    return fields;
}

}  // namespace

std::optional<ProcessIdentity> current_process() {
    const auto pid = static_cast<int64_t>(getpid());
    const auto start = process_start_ticks(pid);
    std::string boot = boot_id();
    if (!start || boot.empty()) return std::nullopt;
    return ProcessIdentity{pid, *start, std::move(boot)};
}

std::optional<int64_t> process_start_ticks(int64_t pid) {
    if (pid <= 0) return std::nullopt;
    const auto fields = read_stat(pid);
    // A zombie has exited; only its parent has not collected the status yet.
    if (!fields || fields->state == 'Z' || fields->state == 'X') return std::nullopt;
    return fields->start_ticks;
}

bool process_is_alive(const ProcessIdentity& process, const std::string& current_boot_id) {
    if (process.boot_id != current_boot_id) return false;
    const auto start = process_start_ticks(process.pid);
    return start && *start == process.start_ticks;
}

}  // namespace layermoe
