#pragma once
// The experiment store: one SQLite file holding runs (a lineage via parent), their metrics
// time series, evaluation results, artifacts and language groups. See
// docs/architecture.md §4 and docs/file-formats.md, "Experiment store".
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/allocation.h"
#include "core/analysis/scores.h"
#include "core/store/run_kind.h"

namespace layermoe {

namespace sqlite {
class Database;
class Statement;
}  // namespace sqlite

struct RunRecord {
    int64_t id = 0;
    std::optional<int64_t> parent;
    RunKind kind = RunKind::Unknown;
    RunStatus status = RunStatus::Running;
    nlohmann::json config;
    uint64_t seed = 0;
    std::string name;
    std::string started, finished;  // ISO 8601 UTC; finished is empty while running
    std::string code_version;
};

struct MetricPoint {
    int64_t run = 0;
    std::string stage;
    int64_t step = 0;
    std::string language = "all";
    std::string name;
    double value = 0;  // NaN and infinities round-trip
};

struct EvalResult {
    int64_t run = 0;
    std::string task;
    std::string language;
    std::string metric;
    double value = 0;
    int64_t n = 0;
};

// One evaluation's measurements per unit, in unit order: a held-out document's bits (value) and
// UTF-8 bytes (weight), or a task item's score (value) with weight 1. The result it belongs to is
// sum(value) / sum(weight).
struct EvalUnits {
    std::string task, language, metric;
    std::vector<double> value, weight;
};

struct Artifact {
    int64_t run = 0;
    std::string path;
    std::string kind;
    std::string sha256;
};

struct NewRun {
    RunKind kind = RunKind::Unknown;
    nlohmann::json config;
    uint64_t seed = 0;
    std::optional<int64_t> parent;
    std::string name;
    std::string code_version;
};

// (language code, group name), in the order the run lists its languages.
using RunLanguages = std::vector<std::pair<std::string, std::string>>;

// One Store object belongs to one thread. Other Store objects on the same file, in other
// threads or processes, read while this one writes (WAL); writers wait for each other up to
// kBusyTimeout. Every failure throws layermoe::Error naming the file.
class Store {
public:
    static constexpr int kSchemaVersion = 5;
    static constexpr size_t kDefaultBatchPoints = 1024;
    static constexpr std::chrono::milliseconds kDefaultBatchAge{1000};
    static constexpr std::chrono::milliseconds kBusyTimeout{10000};

    // Creates or opens; refuses non-SQLite files and newer schemas without writing to them;
    // migrates older schemas in one transaction; marks runs of dead processes interrupted.
    explicit Store(const std::filesystem::path& file);
    // Flushes buffered metrics; a failure there is reported on stderr, never thrown.
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    int schema_version() const;
    // Changes whenever another connection (another thread or process) commits to the file, so a
    // viewer can poll it cheaply to refresh only when something was written.
    int64_t data_version() const;
    const std::filesystem::path& path() const;
    // A random id made when the store was created; a copy of the file keeps it.
    const std::string& id() const { return id_; }

    // Status Running, owned by this process (pid, start time, boot id) so that another
    // process can tell when it died. Throws when the parent run does not exist.
    int64_t create_run(const NewRun& run);
    // Flushes metrics first. `status`: any but Running.
    void finish_run(int64_t run, RunStatus status);
    // Continues an interrupted, cancelled or failed run from a checkpoint at `step` of `stage`: the
    // metrics that stage logged after `step` are dropped (the checkpoint does not hold that
    // work), and the run is Running again, owned by this process. Error when the run does
    // not exist, is finished or is still running.
    void resume_run(int64_t run, std::string_view stage, int64_t step);

    // Buffered; written in one transaction once the buffer holds max_points or its oldest
    // point is max_age old, and on flush(), finish_run() and destruction. Reads see only
    // written points.
    void log_metric(const MetricPoint& point);
    void flush();
    size_t pending_metrics() const;
    // max_points = 1 writes every point in its own transaction (the benchmark's baseline).
    void set_metric_batching(size_t max_points, std::chrono::milliseconds max_age);

    void add_eval_result(const EvalResult& result);
    // Replaces what the run had under the same task, language and metric, in one transaction.
    // Error when value and weight differ in length.
    void add_eval_units(int64_t run, const EvalUnits& units);
    // Drops the run's results of one task, and their units (before recording it again).
    void clear_eval_results(int64_t run, std::string_view task);
    // A path inside the store's folder is kept relative to it, so a copied or moved workspace
    // finds its own files; artifacts() gives every path back absolute.
    void add_artifact(const Artifact& artifact);
    // Replaces the run's languages with `code_group`, keeping its order.
    void set_run_languages(int64_t run, const RunLanguages& code_group);

    // What an analysis run measured; saving replaces what the run had of the same kind.
    void save_similarity(int64_t run, const SimilarityReport& report);
    std::optional<SimilarityReport> similarity(int64_t run, std::string_view kind) const;
    std::vector<std::string> similarity_kinds(int64_t run) const;  // "mean", "aligned"
    void save_layer_scores(int64_t run, std::string_view kind, const std::vector<LayerScore>& scores);
    std::vector<LayerScore> layer_scores(int64_t run, std::string_view kind) const;  // by layer
    // What an allocation run decided, per layer (its totals follow from these and its config).
    void save_allocation(int64_t run, const Allocation& allocation);
    std::vector<LayerAllocation> allocation(int64_t run) const;  // by layer; empty when none

    // The run that made a model, from its folder's "layermoe" metadata ({"run_id", "store_id",
    // "store"}), when that run is in this store (the same store id, or for models made before
    // store ids, the same store path): a run id means nothing in another store.
    std::optional<RunRecord> run_of_model(const nlohmann::json& model_meta) const;

    std::vector<RunRecord> list_runs() const;  // by id
    std::optional<RunRecord> get_run(int64_t id) const;
    // Stages in the order they were first logged, steps ascending within a stage.
    std::vector<MetricPoint> metrics(int64_t run, std::string_view name = {}) const;
    int64_t metric_count(int64_t run, std::string_view name = {}) const;
    std::vector<EvalResult> eval_results(int64_t run) const;
    std::vector<EvalUnits> eval_units(int64_t run) const;  // by task, language, metric
    std::vector<Artifact> artifacts(int64_t run) const;
    RunLanguages run_languages(int64_t run) const;

    // The check the constructor runs: every Running run whose process is gone (other boot,
    // no such pid, or a pid reused by a later process) becomes Interrupted; its finished
    // time stays empty since the moment it died is unknown. Returns how many.
    int64_t mark_dead_runs_interrupted();

private:
    void open();
    void require_run(int64_t run, std::string_view what) const;
    void write_metrics();

    std::filesystem::path path_;
    std::string id_;
    std::unique_ptr<sqlite::Database> db_;
    std::unique_ptr<sqlite::Statement> insert_metric_;
    std::vector<MetricPoint> pending_;
    std::unordered_set<int64_t> known_runs_;  // checked once, so a bad run id fails at log time
    std::chrono::steady_clock::time_point oldest_pending_;
    size_t batch_points_ = kDefaultBatchPoints;
    std::chrono::milliseconds batch_age_ = kDefaultBatchAge;
};

// What a model folder records of the run that made it: {"run_id", "store_id", "store"} (0, ""
// and "" without a store), for Store::run_of_model.
nlohmann::json model_run_meta(const Store* store, int64_t run);

// For jobs that start a workspace: creates the store's folder when missing, then opens it.
// (Store itself refuses a missing folder, so a typo in a path is not silently created.)
std::unique_ptr<Store> open_store_creating_folder(const std::filesystem::path& file);

}  // namespace layermoe
