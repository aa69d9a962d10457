#include "core/store/liveness.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

#include <vector>

namespace layermoe {
namespace {

struct RunningRun {
    int64_t id = 0;
    std::optional<int64_t> pid, pid_start;
    std::string boot_id;
};

std::vector<RunningRun> running_runs(sqlite::Database& db) {
    sqlite::Statement select(db, "SELECT id, pid, pid_start, boot_id FROM runs WHERE status = ?");
    select.bind(1, std::string(to_string(RunStatus::Running)));
    std::vector<RunningRun> runs;
    while (select.step())
        runs.push_back({select.column_int(0), select.column_optional_int(1), select.column_optional_int(2),
                        select.column_text(3)});
    return runs;
}

// A run without a recorded owner was started before schema v2 recorded one; it cannot be
// checked, and counting it alive would leave it running forever.
bool is_dead(const RunningRun& run, const std::string& boot_id) {
    if (!run.pid || !run.pid_start) return true;
    return !process_is_alive({*run.pid, *run.pid_start, run.boot_id}, boot_id);
}

}  // namespace

int64_t Store::mark_dead_runs_interrupted() {
    const auto self = current_process();
    if (!self) return 0;  // without /proc nothing can be told apart; leave runs as they are
    std::vector<int64_t> dead;
    for (const auto& run : running_runs(*db_))
        if (is_dead(run, self->boot_id)) dead.push_back(run.id);
    if (dead.empty()) return 0;  // no write, so readers opening the store never take the write lock
    sqlite::Transaction tx(*db_);
    sqlite::Statement update(*db_, "UPDATE runs SET status = ? WHERE id = ? AND status = ?");
    int64_t marked = 0;
    for (const int64_t id : dead) {
        update.bind(1, std::string(to_string(RunStatus::Interrupted))).bind(2, id);
        update.bind(3, std::string(to_string(RunStatus::Running))).run();
        marked += db_->changes();
    }
    tx.commit();
    return marked;
}

}  // namespace layermoe
