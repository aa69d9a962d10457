#include "core/store/store.h"

#include "core/common/error.h"
#include "core/store/liveness.h"
#include "core/store/schema.h"
#include "core/store/sqlite_util.h"
#include "core/store/store_internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <unistd.h>

namespace layermoe {

namespace store_detail {

std::string now_iso8601_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace store_detail

namespace {

Error not_a_database(const std::filesystem::path& file) {
    return Error(fmt::format("{} is not an SQLite database (no SQLite header); give the path of "
                             "an experiment store such as runs.sqlite",
                             file.string()));
}

// sqlite3_open would happily "open" a folder's path or a missing folder and fail later with a
// vague message. Only metadata is read here (stat): opening the file itself outside SQLite
// would break SQLite's locks (see sqlite::Database::is_database).
void reject_unusable_path(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw Error(fmt::format("{} is a folder; the experiment store is a single .sqlite file", file.string()));
    const auto folder = file.parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
        throw Error(fmt::format("{}: folder {} does not exist", file.string(), folder.string()));
    // Shorter than one page (512 bytes at least), a file cannot be a database; SQLite would take
    // it for an empty one and write over it.
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > 0 && size < 512) throw not_a_database(file);
    // SQLite keeps its write-ahead log and shared memory beside the store, even to read it: a
    // read-only folder (or file) is refused here, in words, not later as "unable to open".
    const std::filesystem::path where = folder.empty() ? std::filesystem::path(".") : folder;
    for (const auto& path : {where, file}) {
        if (path == file && !std::filesystem::exists(file, ec)) continue;
        if (::access(path.c_str(), W_OK) == 0) continue;
        const int err = errno;
        throw Error(fmt::format("{}: {} is read-only ({}); the store writes its journal beside it even to "
                                "read, so open a writable copy of the workspace or make it writable",
                                file.string(), path == file ? "the file" : "its folder " + where.string(),
                                std::strerror(err)));
    }
}

}  // namespace

Store::Store(const std::filesystem::path& file) : path_(file) { open(); }

std::unique_ptr<Store> open_store_creating_folder(const std::filesystem::path& file) {
    const auto folder = file.parent_path();
    std::error_code ec;
    if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
        std::filesystem::create_directories(folder, ec);
        if (ec)
            throw Error(fmt::format("{}: cannot create folder {}: {}", file.string(), folder.string(), ec.message()));
    }
    return std::make_unique<Store>(file);
}

Store::~Store() {
    try {
        flush();
    } catch (const std::exception& e) {
        // A destructor must not throw; the trainer's own error, if any, is the one to report.
        std::fprintf(stderr, "%s: %zu metric points were not written: %s\n", path_.string().c_str(), pending_.size(),
                     e.what());
    }
}

void Store::open() {
    reject_unusable_path(path_);
    db_ = std::make_unique<sqlite::Database>(path_, static_cast<int>(kBusyTimeout.count()));
    if (!db_->is_database()) throw not_a_database(path_);
    store_schema::check_openable(*db_);
    db_->exec("PRAGMA foreign_keys = ON");
    if (db_->query_text("PRAGMA journal_mode = WAL") != "wal")
        throw Error(fmt::format("{}: cannot switch to WAL mode, which lets readers work while "
                                "the trainer writes; is the file on a network drive?",
                                path_.string()));
    // Safe with WAL: a power cut may lose the last commits but never corrupts the file.
    db_->exec("PRAGMA synchronous = NORMAL");
    // Only migrate (a write) when needed, so opening for reading never waits on the trainer.
    if (db_->query_int("PRAGMA user_version") < kSchemaVersion) store_schema::migrate(*db_);
    id_ = db_->query_text("SELECT value FROM store_info WHERE key = 'id'");
    mark_dead_runs_interrupted();
}

int64_t Store::data_version() const { return db_->query_int("PRAGMA data_version"); }

int Store::schema_version() const { return static_cast<int>(db_->query_int("PRAGMA user_version")); }

const std::filesystem::path& Store::path() const { return path_; }

int64_t Store::create_run(const NewRun& run) {
    if (run.kind == RunKind::Unknown)
        throw Error(fmt::format("{}: a run needs a kind (pretrain, eval, ...)", path_.string()));
    if (run.parent) require_run(*run.parent, "parent run");
    sqlite::Statement insert(*db_, R"sql(INSERT INTO runs(parent_id, kind, status, name,
        config_json, seed, started, code_version, pid, pid_start, boot_id)
        VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    insert.bind(1, run.parent).bind(2, std::string(to_string(run.kind)));
    insert.bind(3, std::string(to_string(RunStatus::Running))).bind(4, run.name).bind(5, run.config.dump());
    insert.bind(6, static_cast<int64_t>(run.seed)).bind(7, store_detail::now_iso8601_utc());
    insert.bind(8, run.code_version);
    if (const auto self = current_process()) {
        insert.bind(9, self->pid).bind(10, self->start_ticks).bind(11, self->boot_id);
    }
    insert.run();
    return db_->last_insert_id();
}

void Store::finish_run(int64_t run, RunStatus status) {
    if (!is_final(status))
        throw Error(fmt::format("{}: cannot finish run {} as {}; a run ends finished, failed, "
                                "cancelled or interrupted",
                                path_.string(), run, to_string(status)));
    flush();
    sqlite::Statement update(*db_, "UPDATE runs SET status = ?, finished = ? WHERE id = ?");
    update.bind(1, std::string(to_string(status))).bind(2, store_detail::now_iso8601_utc()).bind(3, run);
    update.run();
    if (db_->changes() == 0) throw Error(fmt::format("{}: there is no run {} to finish", path_.string(), run));
}

void Store::resume_run(int64_t run, std::string_view stage, int64_t step) {
    flush();
    const auto record = get_run(run);
    if (!record) throw Error(fmt::format("{}: there is no run {} to resume", path_.string(), run));
    if (record->status != RunStatus::Interrupted && record->status != RunStatus::Cancelled &&
        record->status != RunStatus::Failed)
        throw Error(fmt::format("{}: run {} is {}; only an interrupted, cancelled or failed run "
                                "can be resumed",
                                path_.string(), run, to_string(record->status)));
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_, "DELETE FROM metrics WHERE run_id = ? AND stage = ? AND step > ?");
    erase.bind(1, run).bind(2, std::string(stage)).bind(3, step).run();
    sqlite::Statement update(*db_, "UPDATE runs SET status = ?, finished = '', pid = ?, "
                                   "pid_start = ?, boot_id = ? WHERE id = ?");
    update.bind(1, std::string(to_string(RunStatus::Running)));
    if (const auto self = current_process())
        update.bind(2, self->pid).bind(3, self->start_ticks).bind(4, self->boot_id);
    update.bind(5, run).run();
    tx.commit();
}

void Store::require_run(int64_t run, std::string_view what) const {
    sqlite::Statement select(*db_, "SELECT 1 FROM runs WHERE id = ?");
    select.bind(1, run);
    if (!select.step()) throw Error(fmt::format("{}: {} {} does not exist", path_.string(), what, run));
}

}  // namespace layermoe
