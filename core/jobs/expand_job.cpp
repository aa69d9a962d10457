#include "core/jobs/expand_job.h"

#include "core/eval/bpb.h"
#include "core/train/trainer.h"

#include <chrono>
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/common/version.h"
#include "core/data/languages.h"
#include "core/data/packing.h"
#include "core/data/shuffle.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"
#include "core/moe/expansion.h"
#include "core/model/moe.h"
#include "core/train/distributed.h"
#include "core/jobs/analysis_job.h"
#include "core/jobs/recorded_run.h"
#include "core/jobs/training_data.h"
#include "core/store/store.h"

namespace layermoe {

namespace fs = std::filesystem;

namespace {

using DocList = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Everything the stages share.
struct Job {
    const ExpandJobConfig& cfg;
    const ProgressFn& progress;
    LoadedModel loaded;
    Corpus corpus;  // held-out text
    LanguageGroups eval_groups;  // old languages keep their groups, new ones get the next
    std::vector<int64_t> group_of;  // group of every language of `codes`
    std::vector<std::string> codes;  // old then new
    int64_t new_group = 1;  // G1 for the first expansion, G2 for the second
    std::vector<LayerAllocation> allocation;
    std::unique_ptr<TrainingCorpus> data;  // training text, as token shards
};

// Read before any work, from the model folder's config and metadata alone.
void assign_groups(Job& job, const ModelConfig& model, const nlohmann::json& meta) {
    // The new languages' group: the next expansion, except for stage 2 alone, whose model holds
    // the expansion already (stage 1's folder).
    const int64_t waves = model.moe.n_waves();
    // An expanded model records which wave taught each language; a dense model's "G1" only
    // names languages it was evaluated on, so for it every old language is G0.
    LanguageGroups known;
    if (waves > 0 && meta.contains("language_groups"))
        known = LanguageGroups::from_json(meta.at("language_groups"), (job.cfg.model_dir / kConfigFile).string());
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
            throw Error(
                fmt::format("'{}' is listed as old, but the model learnt it in the expansion being made now", l));
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
    std::unique_ptr<ShardBlocks> blocks;
    std::vector<int64_t> groups;  // per language id of blocks
};

StageData stage_data(Job& job, bool replay, const TrainConfig& train) {
    PackOptions pack;
    pack.block_len = job.loaded.model->config().work_len() + 1;
    pack.seed = train.seed;
    std::vector<size_t> replayed;  // old languages with replay documents
    auto blocks = job.data->expansion_blocks(job.cfg.old_langs, job.cfg.new_langs, replay ? job.cfg.replay_ratio : -1.0,
                                             job.cfg.run.seed, pack, replayed);
    std::vector<int64_t> groups;
    for (size_t i : replayed) groups.push_back(job.group_of[i]);
    groups.insert(groups.end(), job.cfg.new_langs.size(), job.new_group);
    return {std::move(blocks), groups};
}

struct StageSpec {
    std::string name;  // "stage1", "stage2"
    RunKind kind = RunKind::Stage1;
    TrainConfig train;
    TrainableSet trainable;
    bool replay = false;
    std::optional<int64_t> parent;  // store run
    nlohmann::json run_config;
    fs::path dir;  // model folder of this stage
    nlohmann::json meta = nlohmann::json::object();  // more for the model folder's "layermoe" section
};

// A stage whose model folder says it completed: its weights, run and results are reused.
std::optional<StageOutcome> finished_stage(Job& job, const StageSpec& spec) {
    if (!job.cfg.resume || !fs::exists(spec.dir / kWeightsFile)) return std::nullopt;
    const auto meta = read_model_meta(spec.dir);
    if (!meta.value(kStageCompleteKey, false)) return std::nullopt;
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

RecordedRun open_stage_run(Job& job, const StageSpec& spec, const fs::path& resume_dir, int64_t step) {
    const nlohmann::json checkpoint_meta = resume_dir.empty() ? nlohmann::json() : read_model_meta(resume_dir);
    RecordedRun run = resume_or_create(job.cfg.run.store_file, checkpoint_meta, spec.name, step, [&](const auto&) {
        const std::string name = fmt::format("{} {}", job.cfg.name.empty() ? method_name(job.cfg.method) : job.cfg.name,
                                             spec.kind == RunKind::Stage1 ? "stage 1" : "stage 2");
        return new_run(spec.kind, name, spec.run_config, spec.parent, spec.train.seed);
    });
    run.set_languages(job.eval_groups);
    return run;
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
        auto plan = plan_training(shape, {spec.train.batch_size, 0, 4, 4}, out.trainable_parameters,
                                  "training (" + spec.name + ")");
        check_memory(plan, job.cfg.run.device, static_cast<uint64_t>(shape.parameter_count()) * 4);
        report(job.progress, {Stage::Memory, 0, 0, "", plan.summary()});
    }
    Trainer trainer(model, *data.blocks, *job.loaded.tokenizer, spec.train);
    trainer.set_language_groups(data.groups);
    const fs::path checkpoints = spec.dir / "checkpoints";
    fs::path resume_dir;
    if (job.cfg.resume) {
        resume_dir = latest_checkpoint(checkpoints);
        if (!resume_dir.empty()) trainer.resume_from(resume_dir);
    }
    RecordedRun run = open_stage_run(job, spec, resume_dir, trainer.step());
    out.run_id = run.id();
    nlohmann::json meta = {{"stage", spec.name},
                           {"method", method_name(job.cfg.method)},
                           {"trained_langs", job.codes},
                           {"language_groups", job.eval_groups.to_json()},
                           {"corpus", job.cfg.corpus.string()},
                           {"train_tokens", data.blocks->real_token_count()}};
    meta.update(spec.meta);
    meta.update(run.model_meta());
    trainer.set_checkpoint_meta(meta);
    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) { run.log_step(spec.name, r, data.blocks->language_codes()); };
    cb.before_checkpoint = [&](int64_t) { run.flush(); };
    cb.progress = job.progress;
    out.train = trainer.run(cb, checkpoints);
    if (out.train.stopped) {
        if (is_rank0())
            run.cancel([&] { trainer.save_checkpoint(checkpoints / fmt::format("step-{:06d}", trainer.step())); });
        return out;
    }
    meta["steps"] = trainer.step();
    meta[kStageCompleteKey] = true;
    out.model_dir = spec.dir;
    // Data-parallel: rank 0 alone saves, evaluates and records; every rank holds the same weights
    // and goes on to the next stage.
    if (!is_rank0()) return out;
    save_model_dir(spec.dir, model, *job.loaded.tokenizer, meta);
    BpbConfig eval;
    eval.max_documents = job.cfg.eval_documents;
    out.bpb = evaluate_bpb(model, *job.loaded.tokenizer, heldout_docs(job), eval, job.progress);
    out.means = group_means(out.bpb, job.eval_groups);
    run.add_bpb_results(out.bpb, out.means);
    run.add_model(spec.dir / kWeightsFile);
    run.finish();
    return out;
}

AllocationConfig with_model_shape(AllocationConfig c, const ModelConfig& model) {
    c.d_model = model.d_model;
    c.ffn_size = model.ffn_size;
    return c;
}

// LayerMoE's similarity analysis of the model being expanded: the analysis job, run before the
// expansion loads the model (so the model is never in memory twice), recorded as its own run.
AnalysisJobResult analyse(const ExpandJobConfig& cfg, const ProgressFn& progress) {
    AnalysisJobConfig a;
    a.model_dir = cfg.model_dir;
    a.corpus = cfg.corpus;
    a.old_langs = cfg.old_langs;
    a.new_langs = cfg.new_langs;
    a.split = cfg.analysis_split;
    a.capture = cfg.analysis;
    a.run = cfg.run;
    a.run.dtype = "float32";  // the model it measures is trained in float32
    a.corpus_options = cfg.corpus_options;
    a.name = fmt::format("{} analyze", cfg.name.empty() ? "layermoe" : cfg.name);
    a.experiment_run = cfg.experiment_run;
    return run_analysis_job(a, progress);
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
                                "analysis of this model",
                                fixed.layers.size(), job.cfg.model_dir.string(), model.n_layers));
    return fixed.for_shape(model.d_model, model.ffn_size);
}

int64_t record_allocation(Job& job, const Allocation& allocation, int64_t parent) {
    nlohmann::json config = allocation.config.to_json();
    if (job.cfg.fixed_allocation) {
        config["fixed"] = true;
        config["analysis_run"] = job.cfg.analysis_run;
    }
    if (job.cfg.experiment_run) config["experiment"] = *job.cfg.experiment_run;
    const std::string name =
        fmt::format("{} allocate ({} new experts)", job.cfg.name.empty() ? method_name(job.cfg.method) : job.cfg.name,
                    allocation.new_experts);
    RecordedRun run = RecordedRun::create(job.cfg.run.store_file,
                                          new_run(RunKind::Allocate, name, std::move(config),
                                                  parent > 0 ? std::optional<int64_t>(parent) : std::nullopt));
    run.save_allocation(allocation);
    run.finish();
    return run.id();
}

TrainConfig stage_train(const ExpandJobConfig& cfg, const TrainConfig& base, const char* stage, bool moe) {
    TrainConfig t = with_run_settings(base, cfg.run);
    t.stage = stage;
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
    return RecordedExpansion{read_model_config(dir, LoadOptions{}).moe, meta};
}

}  // namespace

ExpandJobResult run_expand_job(const ExpandJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    cfg.validate();
    check_store_opens(cfg.run.store_file);
    std::optional<FolderLock> lock;  // as in run_pretrain_job: one writer per folder
    if (is_rank0()) lock.emplace(cfg.out_dir, "expansion");
    configure_cpu_threads(cfg.run.threads);
    Job job{cfg, progress, {}, {}, {}, {}, {}, 1, {}, {}};
    {
        // The groups from the folder's config and metadata: a mistake is reported before any work.
        const fs::path config_file = cfg.model_dir / kConfigFile;
        if (!fs::exists(config_file))
            throw Error(fmt::format("{}: no {} (is it a model folder?)", cfg.model_dir.string(), kConfigFile));
        assign_groups(job, read_model_config(cfg.model_dir, LoadOptions{}), read_model_meta(cfg.model_dir));
    }
    ExpandJobResult result;
    const bool moe = cfg.method != ExpansionMethod::Dense;
    const auto recorded =
        cfg.resume && moe && cfg.run_stage1 ? recorded_expansion(cfg.out_dir / "stage1") : std::nullopt;
    std::optional<AnalysisJobResult> analysis;
    // Data-parallel: rank 0 measures and allocates, and sends the allocation to the others.
    if (!recorded && cfg.run_stage1 && cfg.method == ExpansionMethod::LayerMoe && !cfg.fixed_allocation && is_rank0()) {
        analysis = analyse(cfg, progress);
        result.analysis_run = analysis->run_id;
        if (analysis->cancelled) {
            result.cancelled = true;
            result.seconds = seconds_since(start);
            return result;
        }
    }

    const auto options = load_options(cfg.run.device, "float32", cfg.run.context);
    job.loaded = load_for_work(
        cfg.model_dir, options,
        [&](const ModelConfig& model) {
            return plan_inference(model, {cfg.analysis.batch_size, 0, 4, 4}, /*logits=*/false, "analysis");
        },
        progress);
    report(progress, {Stage::Load, 0, 0, "", "reading corpus " + cfg.corpus.string()});
    // Rank 0 of a data-parallel run tokenizes into the cache first; the others read it.
    rank0_first([&] {
        job.data =
            std::make_unique<TrainingCorpus>(cfg.corpus, job.codes, cfg.corpus_options, *job.loaded.tokenizer,
                                             "model " + cfg.model_dir.string(), shard_cache_root(cfg.run), progress);
    });
    job.corpus = job.data->heldout();
    const auto base_record = find_model_run(cfg.run.store_file, job.loaded.meta);
    const int64_t base_run = base_record ? base_record->id : 0;
    int64_t parent = base_run;

    nlohmann::json expansion;  // what stage 1's folder records of the expansion
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
        apply_moe_layout(*job.loaded.model, recorded->layout, cfg.run.seed);
    } else if (moe && cfg.run_stage1) {
        Allocation allocation;
        int64_t allocation_parent = parent;
        if (cfg.fixed_allocation) {
            // Exactly the allocation chosen, not a new analysis; linked to its analysis when that
            // run is in this store.
            allocation = chosen_allocation(job);
            result.analysis_run = cfg.analysis_run;
            const auto chosen = cfg.analysis_run > 0 ? find_run(cfg.run.store_file, cfg.analysis_run) : std::nullopt;
            if (chosen && chosen->kind == RunKind::Analyze) allocation_parent = chosen->id;
        } else if (analysis) {
            allocation = allocate(analysis->scores, with_model_shape(cfg.allocation, job.loaded.model->config()));
            if (result.analysis_run) allocation_parent = result.analysis_run;
        } else if (cfg.method != ExpansionMethod::LayerMoe) {
            allocation = uniform_allocation(job);
        }  // else: a rank other than 0 of a LayerMoE expansion, which receives rank 0's below
        if (auto* group = process_group())
            allocation =
                Allocation::from_json(nlohmann::json::parse(broadcast_text(*group, allocation.to_json().dump())));
        parent = result.allocation_run = record_allocation(job, allocation, allocation_parent);  // 0 without a store
        job.allocation = allocation.layers;
        result.allocation = allocation;
        result.new_experts = allocation.new_experts;
        result.new_parameters = allocation.new_parameters;
        apply_moe_layout(*job.loaded.model, expansion_layout(job.loaded.model->config(), allocation.layers, cfg.top_k),
                         cfg.run.seed);
        expansion = {{"allocation", allocation.to_json()},
                     {"analysis_run", result.analysis_run},
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
        StageSpec spec{"stage1",
                       RunKind::Stage1,
                       stage_train(cfg, cfg.stage1, "stage1", moe),
                       moe ? TrainableSet::NewExperts : TrainableSet::All,
                       false,
                       parent > 0 ? std::optional<int64_t>(parent) : std::nullopt,
                       run_config,
                       cfg.out_dir / "stage1",
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
            apply_moe_layout(*job.loaded.model, layout, cfg.run.seed + 1);
        }
        StageSpec spec{"stage2",
                       RunKind::Stage2,
                       stage_train(cfg, cfg.stage2, "stage2", moe),
                       moe ? TrainableSet::Routing : TrainableSet::All,
                       true,
                       parent > 0 ? std::optional<int64_t>(parent) : std::nullopt,
                       run_config,
                       cfg.out_dir / "stage2",
                       nlohmann::json::object()};
        spec.run_config["layout"] = to_hf_config(job.loaded.model->config()).value("moe", nlohmann::json());
        result.stage2 = run_stage(job, spec);
        result.cancelled = result.stage2.train.stopped;
    }
    result.seconds = seconds_since(start);
    return result;
}

}  // namespace layermoe
