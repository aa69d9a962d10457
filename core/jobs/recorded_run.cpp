#include "core/jobs/recorded_run.h"

#include <cmath>
#include <cstdio>
#include <utility>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/common/version.h"
#include "core/io/files.h"
#include "core/store/metric_keys.h"
#include "core/train/distributed.h"

namespace layermoe {

NewRun new_run(RunKind kind, std::string name, nlohmann::json config, std::optional<int64_t> parent, uint64_t seed) {
    NewRun run;
    run.kind = kind;
    run.name = std::move(name);
    run.config = std::move(config);
    run.parent = parent;
    run.seed = seed;
    run.code_version = code_version();
    return run;
}

RecordedRun RecordedRun::create(const std::filesystem::path& store_file, const NewRun& run) {
    if (store_file.empty() || !is_rank0()) return {};
    return create(open_store_creating_folder(store_file), run);
}

RecordedRun RecordedRun::create(std::unique_ptr<Store> store, const NewRun& run) {
    RecordedRun r;
    if (!store || !is_rank0()) return r;
    r.id_ = store->create_run(run);
    r.store_ = std::move(store);
    r.open_ = true;
    return r;
}

RecordedRun RecordedRun::resume(std::unique_ptr<Store> store, int64_t id, std::string_view stage, int64_t step) {
    RecordedRun r;
    if (!store || !is_rank0()) return r;
    store->resume_run(id, stage, step);
    r.id_ = id;
    r.store_ = std::move(store);
    r.open_ = true;
    return r;
}

RecordedRun RecordedRun::attach(const std::filesystem::path& store_file, int64_t id) {
    RecordedRun r;
    if (store_file.empty() || !is_rank0()) return r;
    r.store_ = open_store_creating_folder(store_file);
    if (!r.store_->get_run(id))
        throw Error(fmt::format("{}: there is no run {} to record into", store_file.string(), id));
    r.id_ = id;
    return r;
}

RecordedRun::RecordedRun(RecordedRun&& o) noexcept
    : store_(std::move(o.store_)), id_(std::exchange(o.id_, 0)), open_(std::exchange(o.open_, false)) {}

RecordedRun& RecordedRun::operator=(RecordedRun&& o) noexcept {
    if (this != &o) {
        if (open_) {
            try {
                close(RunStatus::Failed);
            } catch (...) {}
        }
        store_ = std::move(o.store_);
        id_ = std::exchange(o.id_, 0);
        open_ = std::exchange(o.open_, false);
    }
    return *this;
}

RecordedRun::~RecordedRun() {
    if (!open_) return;
    try {
        close(RunStatus::Failed);
    } catch (const std::exception& e) {
        // A destructor must not throw; the job's own error, if any, is the one to report.
        std::fprintf(stderr, "%s: run %lld could not be marked failed: %s\n", store_->path().string().c_str(),
                     static_cast<long long>(id_), e.what());
    }
}

void RecordedRun::close(RunStatus status) {
    if (!open_) return;
    open_ = false;
    store_->finish_run(id_, status);
}

void RecordedRun::finish() { close(RunStatus::Finished); }

void RecordedRun::cancel(const std::function<void()>& save_checkpoint) {
    flush();
    if (save_checkpoint) save_checkpoint();
    close(RunStatus::Cancelled);
}

void RecordedRun::flush() {
    if (store_) store_->flush();
}

void RecordedRun::set_languages(const LanguageGroups& groups) {
    if (store_) store_->set_run_languages(id_, groups.tagged());
}

void RecordedRun::log(std::string_view stage, int64_t step, std::string_view language, std::string_view name,
                      double value) {
    if (store_) store_->log_metric({id_, std::string(stage), step, std::string(language), std::string(name), value});
}

void RecordedRun::log_step(std::string_view stage, const StepRecord& r, const std::vector<std::string>& languages) {
    if (!store_) return;
    auto put = [&](std::string_view language, std::string_view name, double value) {
        if (!std::isnan(value)) log(stage, r.step, language, name, value);
    };
    put("all", metric::kLoss, r.loss);
    put("all", metric::kLearningRate, r.lr);
    put("all", metric::kGradNorm, r.grad_norm);
    put("all", metric::kTokensPerSecond, r.tokens_per_s);
    put("all", metric::kBalance, r.balance);
    put("all", metric::kLpr, r.lpr);
    put("all", metric::kClassification, r.classification);
    put("all", metric::kClassAccuracy, r.class_accuracy);
    for (size_t i = 0; i < r.language_loss.size() && i < languages.size(); ++i)
        put(languages[i], metric::kLoss, r.language_loss[i]);
    for (const auto& routing : r.routing) {
        put("old", metric::expert0_weight(routing.layer), routing.expert0_old);
        put("new", metric::expert0_weight(routing.layer), routing.expert0_new);
    }
}

void RecordedRun::log_bpb(std::string_view stage, int64_t step, const std::vector<BpbResult>& results) {
    for (const auto& r : results) log(stage, step, r.language, metric::kBpb, r.bits_per_byte);
}

void RecordedRun::add_result(const EvalResult& result) {
    if (!store_) return;
    EvalResult r = result;
    r.run = id_;
    store_->add_eval_result(r);
}

void RecordedRun::add_units(const EvalUnits& units) {
    if (store_) store_->add_eval_units(id_, units);
}

void RecordedRun::add_bpb_results(const std::vector<BpbResult>& results, const std::vector<GroupMean>& means) {
    const std::string task(metric::kHeldoutTask), bpb(metric::kBpb);
    for (const auto& r : results) {
        add_result({id_, task, r.language, bpb, r.bits_per_byte, r.documents});
        if (r.document_nll.empty()) continue;
        auto d = document_bits(r);
        add_units({task, r.language, bpb, std::move(d.bits), std::move(d.bytes)});
    }
    for (const auto& g : means)
        add_result({id_, task, metric::group_language(g.group), bpb, g.bits_per_byte, g.languages});
}

void RecordedRun::save_similarity(const SimilarityReport& report) {
    if (store_) store_->save_similarity(id_, report);
}

void RecordedRun::save_layer_scores(std::string_view kind, const std::vector<LayerScore>& scores) {
    if (store_) store_->save_layer_scores(id_, kind, scores);
}

void RecordedRun::save_allocation(const Allocation& allocation) {
    if (store_) store_->save_allocation(id_, allocation);
}

void RecordedRun::clear_task(std::string_view task) {
    if (store_) store_->clear_eval_results(id_, task);
}

void RecordedRun::add_model(const std::filesystem::path& weights_file) {
    if (!store_) return;
    store_->add_artifact({id_, std::filesystem::absolute(weights_file).string(), "model", sha256_file(weights_file)});
}

nlohmann::json RecordedRun::model_meta() const { return model_run_meta(store_.get(), id_); }

}  // namespace layermoe

namespace layermoe {

void check_store_opens(const std::filesystem::path& store_file) {
    if (!store_file.empty() && is_rank0()) open_store_creating_folder(store_file);
}

std::optional<RunRecord> find_run(const std::filesystem::path& store_file, int64_t id) {
    if (store_file.empty()) return std::nullopt;
    return open_store_creating_folder(store_file)->get_run(id);
}

std::optional<RunRecord> find_model_run(const std::filesystem::path& store_file, const nlohmann::json& model_meta) {
    if (store_file.empty()) return std::nullopt;
    return open_store_creating_folder(store_file)->run_of_model(model_meta);
}

RecordedRun resume_or_create(const std::filesystem::path& store_file, const nlohmann::json& checkpoint_meta,
                             std::string_view stage, int64_t step,
                             const std::function<NewRun(const std::optional<RunRecord>& previous)>& make) {
    if (store_file.empty() || !is_rank0()) return {};
    auto store = open_store_creating_folder(store_file);
    const std::optional<RunRecord> previous =
        checkpoint_meta.is_null() ? std::nullopt : store->run_of_model(checkpoint_meta);
    NewRun run = make(previous);
    if (previous && previous->kind == run.kind && previous->status != RunStatus::Finished)
        return RecordedRun::resume(std::move(store), previous->id, stage, step);
    return RecordedRun::create(std::move(store), run);
}

}  // namespace layermoe
