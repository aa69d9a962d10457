#include "core/train/expand_job.h"

#include "core/analysis/similarity.h"
#include "core/eval/bpb.h"
#include "core/train/trainer.h"

#include <chrono>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/data/packing.h"
#include "core/data/shuffle.h"
#include "core/io/checkpoint.h"
#include "core/io/files.h"
#include "core/moe/expansion.h"
#include "core/moe/moe.h"
#include "core/store/store.h"
#include "core/train/pretrain_job.h"

namespace layermoe {

namespace fs = std::filesystem;

TrainConfig default_stage1_config() {
    TrainConfig t;
    t.steps = 200;
    t.lr = 1e-3;
    t.warmup_steps = 10;
    t.balance_coef = 0.01;
    t.stage = "stage1";
    return t;
}

TrainConfig default_stage2_config() {
    TrainConfig t;
    t.steps = 100;
    // Stage 2 trains small linear layers from scratch (classifiers) or near it (routers): at 1e-3
    // a classifier of the small model stayed at chance for 60 steps, at 1e-2 it was exact by 40.
    t.lr = 1e-2;
    t.warmup_steps = 10;
    t.lpr_coef = 0.1;
    t.cls_coef = 0.1;
    t.stage = "stage2";
    return t;
}

std::string method_name(ExpansionMethod method) {
    switch (method) {
    case ExpansionMethod::LayerMoe: return "layermoe";
    case ExpansionMethod::MoeLpr: return "moe-lpr";
    case ExpansionMethod::Dense: return "dense";
    }
    return "?";
}

ExpansionMethod parse_expansion_method(std::string_view name) {
    if (name == "layermoe") return ExpansionMethod::LayerMoe;
    if (name == "moe-lpr") return ExpansionMethod::MoeLpr;
    if (name == "dense") return ExpansionMethod::Dense;
    throw Error(fmt::format("unknown method '{}' (use layermoe, moe-lpr or dense)", name));
}

nlohmann::json ExpandJobConfig::to_json() const {
    nlohmann::json j = {{"model", fs::absolute(model_dir).string()}, {"corpus", corpus.string()}, {"old", old_langs},
            {"new", new_langs}, {"method", method_name(method)}, {"allocation", allocation.to_json()},
            {"analysis_tokens", analysis.tokens_select}, {"analysis_split", analysis_split}, {"top_k", top_k},
            {"stage1", stage1.to_json()}, {"stage2", stage2.to_json()}, {"replay_ratio", replay_ratio},
            {"eval_documents", eval_documents}, {"out_dir", fs::absolute(out_dir).string()}, {"seed", seed}};
    if (fixed_allocation) {
        j["fixed_allocation"] = fixed_allocation->to_json();
        j["analysis_run"] = analysis_run;
    }
    return j;
}

void check_fixed_allocation(const Allocation& allocation) {
    if (allocation.layers.empty()) throw Error("the fixed allocation has no layers");
    for (size_t i = 0; i < allocation.layers.size(); ++i) {
        const LayerAllocation& layer = allocation.layers[i];
        if (layer.layer != static_cast<int64_t>(i))
            throw Error(fmt::format("the fixed allocation's layer {} is numbered {}; layers go 0, 1, ... in order", i,
                                    layer.layer));
        if (layer.experts < 1)
            throw Error(fmt::format("the fixed allocation gives layer {} {} experts; every layer keeps at least its "
                                    "original one", i, layer.experts));
    }
}

void ExpandJobConfig::validate() const {
    if (old_langs.empty()) throw Error("no old languages given");
    if (new_langs.empty()) throw Error("no new languages given");
    LanguageGroups groups;
    groups.old_langs = old_langs;
    groups.new1 = new_langs;
    groups.validate();
    if (out_dir.empty()) throw Error("no output folder given");
    if (!run_stage1 && !run_stage2) throw Error("no stage to run");
    if (replay_ratio < 0 || !std::isfinite(replay_ratio))
        throw Error(fmt::format("replay ratio {} must be >= 0", replay_ratio));
    if (top_k < 1) throw Error(fmt::format("top-k {} must be >= 1", top_k));
    if (fixed_allocation) {
        if (method != ExpansionMethod::LayerMoe)
            throw Error(fmt::format("a fixed allocation is for layermoe, not {}", method_name(method)));
        check_fixed_allocation(*fixed_allocation);
    }
    if (analysis_run < 0) throw Error(fmt::format("analysis run {} must be >= 0", analysis_run));
    stage1.validate();
    stage2.validate();
}

namespace {

using DocList = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

const char* kCompleteKey = "stage_complete";

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Everything the stages share.
struct Job {
    const ExpandJobConfig& cfg;
    const ProgressFn& progress;
    LoadedModel loaded;
    Corpus corpus;
    Store* store = nullptr;
    LanguageGroups eval_groups;             // old languages keep their groups, new ones get the next
    std::vector<int64_t> group_of;          // group of every language of `codes`
    std::vector<std::string> codes;         // old then new
    int64_t new_group = 1;                  // G1 for the first expansion, G2 for the second
    std::vector<LayerAllocation> allocation;
    std::vector<std::vector<std::string>> replay_docs;  // per old language
};

void assign_groups(Job& job) {
    // The new languages' group: the next expansion, except for stage 2 alone, whose model holds
    // the expansion already (stage 1's folder).
    const int64_t waves = job.loaded.model->config().moe.n_waves();
    // An expanded model records which wave taught each language; a dense model's "G1" only
    // names languages it was evaluated on, so for it every old language is G0.
    LanguageGroups known;
    if (waves > 0 && job.loaded.meta.contains("language_groups"))
        known = LanguageGroups::from_json(job.loaded.meta.at("language_groups"), (job.cfg.model_dir / kConfigFile).string());
    const bool stage2_alone = !job.cfg.run_stage1 && job.cfg.method != ExpansionMethod::Dense;
    if (stage2_alone && waves < 2)
        throw Error(fmt::format("{}: stage 2 alone continues a stage-1 model folder, and this model has no experts",
                                job.cfg.model_dir.string()));
    job.new_group = stage2_alone ? waves - 1 : std::max<int64_t>(1, waves);
    if (job.new_group > 2) throw Error("a model can be expanded twice (G1, then G2); this one has been already");
    for (const auto& l : job.cfg.old_langs) {
        const auto g = known.group_of(l);
        const int64_t index = g ? static_cast<int64_t>(*g) : 0;
        if (index >= job.new_group)
            throw Error(fmt::format("'{}' is listed as old, but the model learnt it in the expansion being made now", l));
        (index == 0 ? job.eval_groups.old_langs : job.eval_groups.new1).push_back(l);
        job.codes.push_back(l);
        job.group_of.push_back(index);
    }
    for (const auto& l : job.cfg.new_langs) {
        (job.new_group == 1 ? job.eval_groups.new1 : job.eval_groups.new2).push_back(l);
        job.codes.push_back(l);
        job.group_of.push_back(job.new_group);
    }
}

DocList heldout_docs(const Job& job) {
    DocList out;
    for (const auto& l : job.codes) out.emplace_back(l, &job.corpus.at(l).heldout);
    return out;
}

// Stage data: the new languages' training text, plus (stage 2) a seeded replay of old languages.
struct StageData {
    PackedBlocks blocks;
    std::vector<int64_t> groups;  // per language id of blocks
};

StageData stage_data(Job& job, bool replay, const TrainConfig& train) {
    DocList docs;
    std::vector<int64_t> groups;
    double new_docs = 0;
    for (const auto& l : job.cfg.new_langs) new_docs += static_cast<double>(job.corpus.at(l).train.size());
    new_docs /= static_cast<double>(job.cfg.new_langs.size());
    if (replay) {
        const auto per_old = static_cast<size_t>(std::llround(job.cfg.replay_ratio * new_docs));
        job.replay_docs.clear();
        job.replay_docs.reserve(job.cfg.old_langs.size());
        for (size_t i = 0; i < job.cfg.old_langs.size(); ++i) {
            auto docs_of = job.corpus.at(job.cfg.old_langs[i]).train;
            seeded_shuffle(docs_of, mix_seed(job.cfg.seed, stable_hash(job.cfg.old_langs[i])));
            docs_of.resize(std::min(docs_of.size(), per_old));
            if (!docs_of.empty()) {
                job.replay_docs.push_back(std::move(docs_of));
                docs.emplace_back(job.cfg.old_langs[i], &job.replay_docs.back());
                groups.push_back(job.group_of[i]);
            }
        }
    }
    for (size_t i = 0; i < job.cfg.new_langs.size(); ++i) {
        docs.emplace_back(job.cfg.new_langs[i], &job.corpus.at(job.cfg.new_langs[i]).train);
        groups.push_back(job.new_group);
    }
    PackOptions pack;
    pack.block_len = job.loaded.model->config().work_len() + 1;
    pack.seed = train.seed;
    return {pack_documents(docs, *job.loaded.tokenizer, pack), groups};
}

void log_step(Store& store, int64_t run, const std::string& stage, const StepRecord& r, const PackedBlocks& data) {
    auto log = [&](const std::string& language, const std::string& name, double value) {
        if (!std::isnan(value)) store.log_metric({run, stage, r.step, language, name, value});
    };
    log("all", "loss", r.loss);
    log("all", "lr", r.lr);
    log("all", "grad_norm", r.grad_norm);
    log("all", "tokens_per_s", r.tokens_per_s);
    log("all", "balance", r.balance);
    log("all", "lpr", r.lpr);
    log("all", "cls", r.classification);
    log("all", "cls_accuracy", r.class_accuracy);
    for (size_t i = 0; i < r.language_loss.size(); ++i) log(data.languages[i], "loss", r.language_loss[i]);
    for (const auto& routing : r.routing) {
        log("old", fmt::format("expert0_weight.layer{}", routing.layer), routing.expert0_old);
        log("new", fmt::format("expert0_weight.layer{}", routing.layer), routing.expert0_new);
    }
}

struct StageSpec {
    std::string name;                  // "stage1", "stage2"
    TrainConfig train;
    TrainableSet trainable;
    bool replay = false;
    std::optional<int64_t> parent;     // store run
    nlohmann::json run_config;
    fs::path dir;                      // model folder of this stage
    nlohmann::json meta = nlohmann::json::object();  // more for the model folder's "layermoe" section
};

void record_eval(Store& store, int64_t run, const std::vector<BpbResult>& bpb, const std::vector<GroupMean>& means) {
    for (const auto& r : bpb) store.add_eval_result({run, "heldout", r.language, "bpb", r.bits_per_byte, r.documents});
    for (const auto& g : means) store.add_eval_result({run, "heldout", "group:" + g.group, "bpb", g.bits_per_byte, g.languages});
}

// A stage whose model folder says it completed: its weights, run and results are reused.
std::optional<StageOutcome> finished_stage(Job& job, const StageSpec& spec) {
    if (!job.cfg.resume || !fs::exists(spec.dir / kWeightsFile)) return std::nullopt;
    const auto meta = read_model_meta(spec.dir);
    if (!meta.value(kCompleteKey, false)) return std::nullopt;
    load_weights_into(job.loaded.model, spec.dir / kWeightsFile);
    StageOutcome out;
    out.run_id = meta.value("run_id", int64_t{0});
    out.model_dir = spec.dir;
    out.trainable_parameters = set_trainable(*job.loaded.model, spec.trainable);
    BpbConfig eval;
    eval.max_documents = job.cfg.eval_documents;
    out.bpb = evaluate_bpb(job.loaded.model, *job.loaded.tokenizer, heldout_docs(job), eval);
    out.means = group_means(out.bpb, job.eval_groups);
    return out;
}

int64_t open_stage_run(Job& job, const StageSpec& spec, const fs::path& resume_dir, int64_t step) {
    if (!resume_dir.empty()) {
        const auto record = job.store->run_of_model(read_model_meta(resume_dir));
        if (record && record->status != "finished") {
            job.store->resume_run(record->id, spec.name, step);
            return record->id;
        }
    }
    NewRun run;
    run.kind = spec.name;
    run.parent = spec.parent;
    run.config = spec.run_config;
    run.seed = spec.train.seed;
    run.name = fmt::format("{} {}", job.cfg.name.empty() ? method_name(job.cfg.method) : job.cfg.name,
                           spec.name == "stage1" ? "stage 1" : "stage 2");
    run.code_version = code_version();
    const int64_t id = job.store->create_run(run);
    job.store->set_run_languages(id, job.eval_groups.tagged());
    return id;
}

StageOutcome run_stage(Job& job, const StageSpec& spec) {
    if (auto done = finished_stage(job, spec)) return *done;
    auto& model = job.loaded.model;
    StageData data = stage_data(job, spec.replay, spec.train);
    StageOutcome out;
    out.ran = true;
    out.trainable_parameters = set_trainable(*model, spec.trainable);
    {
        const ModelConfig& shape = model->config();
        auto plan = plan_training(shape, {spec.train.batch_size, 0, 4, 4}, out.trainable_parameters, "training (" + spec.name + ")");
        check_memory(plan, job.cfg.device, static_cast<uint64_t>(shape.parameter_count()) * 4);
        report(job.progress, {"memory", 0, 0, "", plan.summary()});
    }
    Trainer trainer(model, data.blocks, *job.loaded.tokenizer, spec.train);
    trainer.set_language_groups(data.groups);
    const fs::path checkpoints = spec.dir / "checkpoints";
    fs::path resume_dir;
    if (job.cfg.resume) {
        resume_dir = latest_checkpoint(checkpoints);
        if (!resume_dir.empty()) trainer.resume_from(resume_dir);
    }
    if (job.store) out.run_id = open_stage_run(job, spec, resume_dir, trainer.step());
    nlohmann::json meta = {{"stage", spec.name}, {"method", method_name(job.cfg.method)},
                           {"trained_langs", job.codes}, {"language_groups", job.eval_groups.to_json()},
                           {"corpus", job.cfg.corpus.string()}, {"train_tokens", data.blocks.n_real_tokens()}};
    meta.update(spec.meta);
    meta.update(model_run_meta(job.store, out.run_id));
    trainer.set_checkpoint_meta(meta);
    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) {
        if (job.store) log_step(*job.store, out.run_id, spec.name, r, data.blocks);
    };
    cb.before_checkpoint = [&](int64_t) {
        if (job.store) job.store->flush();
    };
    cb.progress = job.progress;
    try {
        out.train = trainer.run(cb, checkpoints);
    } catch (...) {
        if (job.store) job.store->finish_run(out.run_id, "failed");
        throw;
    }
    if (out.train.stopped) {
        cb.before_checkpoint(trainer.step());
        trainer.save_checkpoint(checkpoints / fmt::format("step-{:06d}", trainer.step()));
        if (job.store) job.store->finish_run(out.run_id, "cancelled");
        return out;
    }
    meta["steps"] = trainer.step();
    meta[kCompleteKey] = true;
    save_model_dir(spec.dir, model, *job.loaded.tokenizer, meta);
    out.model_dir = spec.dir;
    BpbConfig eval;
    eval.max_documents = job.cfg.eval_documents;
    out.bpb = evaluate_bpb(model, *job.loaded.tokenizer, heldout_docs(job), eval, job.progress);
    out.means = group_means(out.bpb, job.eval_groups);
    if (job.store) {
        record_eval(*job.store, out.run_id, out.bpb, out.means);
        job.store->add_artifact({out.run_id, fs::absolute(spec.dir / kWeightsFile).string(), "model",
                                 sha256_file(spec.dir / kWeightsFile)});
        job.store->finish_run(out.run_id, "finished");
    }
    return out;
}

AllocationConfig with_model_shape(AllocationConfig c, const ModelConfig& model) {
    c.d_model = model.d_model;
    c.ffn_size = model.ffn_size;
    return c;
}

// LayerMoE's allocation: the similarity of old and new languages in the model being expanded.
Allocation similarity_allocation(Job& job, ExpandJobResult& result) {
    DocList docs;
    for (const auto& l : job.codes)
        docs.emplace_back(l, job.cfg.analysis_split == "heldout" ? &job.corpus.at(l).heldout : &job.corpus.at(l).train);
    auto captured = capture_similarity(job.loaded.model, *job.loaded.tokenizer, docs, job.cfg.analysis, job.progress);
    if (captured.cancelled) return {};
    const auto scores = layer_scores(captured.report, job.cfg.old_langs, job.cfg.new_langs);
    if (job.store) {
        NewRun run;
        run.kind = "analyze";
        if (const auto base_run = job.store->run_of_model(job.loaded.meta)) run.parent = base_run->id;
        run.config = {{"model", fs::absolute(job.cfg.model_dir).string()}, {"corpus", job.cfg.corpus.string()},
                      {"old", job.cfg.old_langs}, {"new", job.cfg.new_langs}, {"split", job.cfg.analysis_split},
                      {"tokens_select", job.cfg.analysis.tokens_select},
                      {"model_config", to_hf_config(job.loaded.model->config())}};
        if (job.cfg.experiment_run) run.config["experiment"] = *job.cfg.experiment_run;
        run.name = fmt::format("{} analyze", job.cfg.name.empty() ? "layermoe" : job.cfg.name);
        run.code_version = code_version();
        result.analysis_run = job.store->create_run(run);
        LanguageGroups analysed;
        analysed.old_langs = job.cfg.old_langs;
        analysed.new1 = job.cfg.new_langs;
        job.store->set_run_languages(result.analysis_run, analysed.tagged());
        job.store->save_similarity(result.analysis_run, captured.report);
        job.store->save_layer_scores(result.analysis_run, "mean", scores);
        job.store->finish_run(result.analysis_run, "finished");
    }
    return allocate(scores, with_model_shape(job.cfg.allocation, job.loaded.model->config()));
}

// MoE-LPR's allocation ignores similarity: every layer gets the same N.
Allocation uniform_allocation(const Job& job) {
    const int64_t layers = job.loaded.model->config().n_layers;
    std::vector<LayerScore> unused;
    for (int64_t i = 0; i < layers; ++i) unused.push_back(make_layer_score(i, 1.0, 1.0));
    AllocationConfig c = with_model_shape(job.cfg.allocation, job.loaded.model->config());
    c.rule = AllocationRule::Uniform;
    c.classifier_threshold.reset();
    c.classifier_top.reset();
    return allocate(unused, c);
}

// The allocation chosen before the job (the workbench's allocation page), for this model: the
// same experts per layer and classifier layers, its totals counted with this model's shape.
Allocation chosen_allocation(const Job& job) {
    const ModelConfig& model = job.loaded.model->config();
    const Allocation& fixed = *job.cfg.fixed_allocation;
    if (static_cast<int64_t>(fixed.layers.size()) != model.n_layers)
        throw Error(fmt::format("the fixed allocation has {} layers and the model {} has {}; allocate again from an "
                                "analysis of this model", fixed.layers.size(), job.cfg.model_dir.string(), model.n_layers));
    return fixed.for_shape(model.d_model, model.ffn_size);
}

int64_t record_allocation(Job& job, const Allocation& allocation, int64_t parent) {
    NewRun run;
    run.kind = "allocate";
    run.config = allocation.config.to_json();
    if (job.cfg.fixed_allocation) {
        run.config["fixed"] = true;
        run.config["analysis_run"] = job.cfg.analysis_run;
    }
    if (job.cfg.experiment_run) run.config["experiment"] = *job.cfg.experiment_run;
    if (parent > 0) run.parent = parent;
    run.name = fmt::format("{} allocate ({} new experts)", job.cfg.name.empty() ? method_name(job.cfg.method) : job.cfg.name,
                           allocation.new_experts);
    run.code_version = code_version();
    const int64_t id = job.store->create_run(run);
    job.store->save_allocation(id, allocation);
    job.store->finish_run(id, "finished");
    return id;
}

TrainConfig stage_train(const ExpandJobConfig& cfg, const TrainConfig& base, const char* stage, bool moe) {
    TrainConfig t = base;
    t.stage = stage;
    t.threads = cfg.threads;
    t.device = cfg.device;
    if (moe && std::string(stage) == "stage1") t.lpr_coef = t.cls_coef = 0;
    if (moe && std::string(stage) == "stage2") t.balance_coef = 0;
    if (!moe) t.balance_coef = t.lpr_coef = t.cls_coef = 0;
    return t;
}

struct RecordedExpansion {
    MoeLayout layout;
    nlohmann::json meta;
};

// The expansion a stage-1 folder (its finished model, else its latest checkpoint) recorded.
std::optional<RecordedExpansion> recorded_expansion(const fs::path& stage1_dir) {
    fs::path dir = stage1_dir;
    if (!fs::exists(dir / kConfigFile)) dir = latest_checkpoint(stage1_dir / "checkpoints");
    if (dir.empty()) return std::nullopt;
    const auto meta = read_model_meta(dir);
    if (!meta.contains("expansion")) return std::nullopt;
    const auto config = from_hf_config(nlohmann::json::parse(read_text_file(dir / kConfigFile)), (dir / kConfigFile).string());
    return RecordedExpansion{config.moe, meta};
}

} // namespace

ExpandJobResult run_expand_job(const ExpandJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    cfg.validate();
    configure_cpu_threads(cfg.threads);
    const auto options = load_options(cfg.device, "float32", cfg.context);
    auto loaded = load_for_work(cfg.model_dir, options, [&](const ModelConfig& model) {
        return plan_inference(model, {cfg.analysis.batch_size, 0, 4, 4}, /*logits=*/false, "analysis");
    }, progress);
    Job job{cfg, progress, std::move(loaded), {}, nullptr, {}, {}, {}, 1, {}, {}};
    assign_groups(job);
    report(progress, {"load", 0, 0, "", "reading corpus " + cfg.corpus.string()});
    job.corpus = load_corpus(cfg.corpus, job.codes, cfg.corpus_options);
    std::unique_ptr<Store> store;
    if (!cfg.store_file.empty()) {
        store = open_store_creating_folder(cfg.store_file);
        job.store = store.get();
    }
    ExpandJobResult result;
    const bool moe = cfg.method != ExpansionMethod::Dense;
    const auto base_record = job.store ? job.store->run_of_model(job.loaded.meta) : std::nullopt;
    const int64_t base_run = base_record ? base_record->id : 0;
    int64_t parent = base_run;

    nlohmann::json expansion;  // what stage 1's folder records of the expansion
    const auto recorded = cfg.resume && moe && cfg.run_stage1 ? recorded_expansion(cfg.out_dir / "stage1") : std::nullopt;
    if (recorded) {
        // Resuming: the expansion stage 1 started from, not a new analysis.
        expansion = recorded->meta.at("expansion");
        const Allocation allocation = Allocation::from_json(expansion.at("allocation"));
        result.analysis_run = expansion.value("analysis_run", int64_t{0});
        result.allocation_run = expansion.value("allocation_run", int64_t{0});
        if (result.allocation_run > 0) parent = result.allocation_run;
        job.allocation = allocation.layers;
        result.allocation = allocation;
        result.new_experts = allocation.new_experts;
        result.new_parameters = allocation.new_parameters;
        apply_moe_layout(*job.loaded.model, recorded->layout, cfg.seed);
    } else if (moe && cfg.run_stage1) {
        Allocation allocation;
        int64_t allocation_parent = parent;
        if (cfg.fixed_allocation) {
            // Exactly the allocation chosen, not a new analysis; linked to its analysis when that
            // run is in this store.
            allocation = chosen_allocation(job);
            result.analysis_run = cfg.analysis_run;
            const auto analysis = job.store && cfg.analysis_run > 0 ? job.store->get_run(cfg.analysis_run) : std::nullopt;
            if (analysis && analysis->kind == "analyze") allocation_parent = analysis->id;
        } else {
            allocation = cfg.method == ExpansionMethod::LayerMoe ? similarity_allocation(job, result) : uniform_allocation(job);
            if (result.analysis_run) allocation_parent = result.analysis_run;
        }
        if (allocation.layers.empty()) {
            result.cancelled = true;
            return result;
        }
        if (job.store) parent = result.allocation_run = record_allocation(job, allocation, allocation_parent);
        job.allocation = allocation.layers;
        result.allocation = allocation;
        result.new_experts = allocation.new_experts;
        result.new_parameters = allocation.new_parameters;
        apply_moe_layout(*job.loaded.model, expansion_layout(job.loaded.model->config(), allocation.layers, cfg.top_k), cfg.seed);
        expansion = {{"allocation", allocation.to_json()}, {"analysis_run", result.analysis_run},
                     {"allocation_run", result.allocation_run}};
        if (cfg.fixed_allocation) expansion["fixed"] = true;
    } else if (moe) {
        // Stage 2 alone: the model is a stage-1 folder, which recorded its classifier plan.
        for (int64_t layer : job.loaded.meta.value("classifier_plan", std::vector<int64_t>{})) {
            job.allocation.resize(static_cast<size_t>(job.loaded.model->config().n_layers));
            job.allocation[static_cast<size_t>(layer)].classifier = true;
        }
        parent = base_run;
    }

    nlohmann::json run_config = cfg.to_json();
    if (cfg.experiment_run) run_config["experiment"] = *cfg.experiment_run;
    if (result.allocation) {
        run_config["new_experts"] = result.new_experts;
        run_config["new_parameters"] = result.new_parameters;
    }
    std::vector<int64_t> classifier_plan;
    for (size_t i = 0; i < job.allocation.size(); ++i)
        if (job.allocation[i].classifier) classifier_plan.push_back(static_cast<int64_t>(i));

    if (cfg.run_stage1) {
        StageSpec spec{"stage1", stage_train(cfg, cfg.stage1, "stage1", moe),
                       moe ? TrainableSet::NewExperts : TrainableSet::All, false,
                       parent > 0 ? std::optional<int64_t>(parent) : std::nullopt, run_config, cfg.out_dir / "stage1",
                       nlohmann::json::object()};
        spec.run_config["layout"] = to_hf_config(job.loaded.model->config()).value("moe", nlohmann::json());
        spec.meta["classifier_plan"] = classifier_plan;  // stage 2 run alone later needs it
        if (!expansion.is_null()) spec.meta["expansion"] = expansion;
        result.stage1 = run_stage(job, spec);
        if (result.stage1.train.stopped) {
            result.cancelled = true;
            return result;
        }
        if (result.stage1.run_id > 0) parent = result.stage1.run_id;
    }
    if (cfg.run_stage2) {
        if (moe && cfg.method == ExpansionMethod::LayerMoe) {
            MoeLayout layout = job.loaded.model->config().moe;
            add_classifiers(layout, job.allocation);
            apply_moe_layout(*job.loaded.model, layout, cfg.seed + 1);
        }
        StageSpec spec{"stage2", stage_train(cfg, cfg.stage2, "stage2", moe), moe ? TrainableSet::Routing : TrainableSet::All,
                       true, parent > 0 ? std::optional<int64_t>(parent) : std::nullopt, run_config, cfg.out_dir / "stage2",
                       nlohmann::json::object()};
        spec.run_config["layout"] = to_hf_config(job.loaded.model->config()).value("moe", nlohmann::json());
        result.stage2 = run_stage(job, spec);
        result.cancelled = result.stage2.train.stopped;
    }
    result.seconds = seconds_since(start);
    return result;
}

} // namespace layermoe
