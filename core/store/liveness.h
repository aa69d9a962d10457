#pragma once
// Telling a live run from one whose process died: a pid alone is not enough, since pids are
// reused and a reboot restarts them, so a process is named by pid, its start time (clock
// ticks since boot, field 22 of /proc/<pid>/stat) and the boot id.
#include <cstdint>
#include <optional>
#include <string>

namespace layermoe {

struct ProcessIdentity {
    int64_t pid = 0;
    int64_t start_ticks = 0;
    std::string boot_id;
    bool operator==(const ProcessIdentity&) const = default;
};

// This process; nullopt where /proc is unavailable (not Linux), so no liveness is recorded.
std::optional<ProcessIdentity> current_process();

// Start time of `pid` from /proc/<pid>/stat; nullopt when no such process exists.
std::optional<int64_t> process_start_ticks(int64_t pid);

// Alive means: same boot, /proc/<pid> exists, and it started at the recorded time.
bool process_is_alive(const ProcessIdentity& process, const std::string& current_boot_id);

}  // namespace layermoe
