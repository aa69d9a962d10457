#pragma once
// The store's record of one job's run, owned by the job (docs/architecture.md §3): created (or
// resumed) when the job starts, finished when it succeeds, failed when it throws, cancelled
// when it stops on request. Without a store, and on every rank but 0 of a data-parallel run
// (core/train/distributed.h: rank 0 alone writes the store), it is a null record: every call does nothing and
// id() is 0, so jobs never ask whether they have a store. Torch-free.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/languages.h"
#include "core/eval/bpb_result.h"
#include "core/store/store.h"
#include "core/train/train_config.h"

namespace layermoe {

class RecordedRun {
public:
    // A null record.
    RecordedRun() = default;
    // Opens the store at `store_file` (creating its folder) and creates `run`; a null record when
    // `store_file` is empty.
    static RecordedRun create(const std::filesystem::path& store_file, const NewRun& run);
    // Continues run `id` of the store from a checkpoint at `step` of `stage`
    // (Store::resume_run).
    static RecordedRun resume(std::unique_ptr<Store> store, int64_t id, std::string_view stage, int64_t step);
    // Creates `run` in an open store (null store: a null record).
    static RecordedRun create(std::unique_ptr<Store> store, const NewRun& run);
    // Records into an existing run (already finished by whoever made it): closing it changes
    // nothing, so a job can add results to another job's run.
    static RecordedRun attach(const std::filesystem::path& store_file, int64_t id);

    RecordedRun(RecordedRun&&) noexcept;
    RecordedRun& operator=(RecordedRun&&) noexcept;
    // A run still open is marked failed (an exception, or a return that forgot to close it).
    ~RecordedRun();

    int64_t id() const { return id_; }
    explicit operator bool() const { return store_ != nullptr; }

    void set_languages(const LanguageGroups& groups);
    void log(std::string_view stage, int64_t step, std::string_view language, std::string_view name, double value);
    // A training step: loss, learning rate, gradient norm, throughput, the MoE losses that are on
    // (NaN = off, not recorded), the loss per language (`languages`: the data's language codes)
    // and expert 0's routing weight per layer.
    void log_step(std::string_view stage, const StepRecord& step, const std::vector<std::string>& languages = {});
    // Held-out bits per byte of a periodic evaluation, per language.
    void log_bpb(std::string_view stage, int64_t step, const std::vector<BpbResult>& results);
    // The final held-out bits per byte, per language and per group.
    void add_bpb_results(const std::vector<BpbResult>& results, const std::vector<GroupMean>& means);
    void add_result(const EvalResult& result);  // result.run is set to this run
    void add_units(const EvalUnits& units);  // an evaluation's per-unit measurements
    // What an analysis measured, and what an allocation decided (Store::save_similarity, ...).
    void save_similarity(const SimilarityReport& report);
    void save_layer_scores(std::string_view kind, const std::vector<LayerScore>& scores);
    void save_allocation(const Allocation& allocation);
    // Drops what the run recorded of a task (before recording it again).
    void clear_task(std::string_view task);
    // The model folder's weights file, with its SHA-256.
    void add_model(const std::filesystem::path& weights_file);
    // What a model folder records of this run (model_run_meta).
    nlohmann::json model_meta() const;
    void flush();

    // Close the run (a job that throws leaves it to the destructor, which marks it failed).
    // cancel: `save_checkpoint` (if any) runs first, after the metrics are
    // written, so the checkpoint and the store agree on the step reached.
    void finish();
    void cancel(const std::function<void()>& save_checkpoint = {});

private:
    void close(RunStatus status);

    std::unique_ptr<Store> store_;
    int64_t id_ = 0;
    bool open_ = false;
};

// The parts of a new run every job fills the same way (status Running; code version).
NewRun new_run(RunKind kind, std::string name, nlohmann::json config, std::optional<int64_t> parent = std::nullopt,
               uint64_t seed = 0);

}  // namespace layermoe

namespace layermoe {

// Opens the store at `store_file` once (creating it and its folder; rank 0 only), so that a store
// that cannot be used, such as one in a read-only workspace, is an error before a job reads or
// computes anything. Nothing when `store_file` is empty.
void check_store_opens(const std::filesystem::path& store_file);

// Look-ups in the store at `store_file` (opened, its folder created, for the call); nullopt when
// `store_file` is empty or the store has no such run.
std::optional<RunRecord> find_run(const std::filesystem::path& store_file, int64_t id);
// The run that made a model folder (Store::run_of_model of its metadata).
std::optional<RunRecord> find_model_run(const std::filesystem::path& store_file, const nlohmann::json& model_meta);

// The run of a training job that may resume a checkpoint: when `checkpoint_meta` (the
// checkpoint's model metadata; null when not resuming) names a run of this store of the same kind
// that did not finish, that run continues from `step` of `stage`; otherwise `make(previous)`'s
// run is created (previous: the checkpoint's finished run, if any). Null without a store.
RecordedRun resume_or_create(const std::filesystem::path& store_file, const nlohmann::json& checkpoint_meta,
                             std::string_view stage, int64_t step,
                             const std::function<NewRun(const std::optional<RunRecord>& previous)>& make);

}  // namespace layermoe
