#include "core/jobs/pretrain_job.h"

#include "core/eval/bpb.h"
#include "core/train/trainer.h"

#include <chrono>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/common/version.h"
#include "core/data/packing.h"
#include "core/model/checkpoint.h"
#include "core/model/memory_plan.h"
#include "core/io/files.h"
#include "core/jobs/recorded_run.h"
#include "core/jobs/training_data.h"
#include "core/store/store.h"
#include "core/train/distributed.h"

namespace layermoe {

namespace fs = std::filesystem;

nlohmann::json PretrainJobConfig::to_json() const {
    return {{"corpus", corpus.string()},
            {"groups", groups.to_json()},
            {"preset", preset},
            {"tokenizer", tokenizer_dir.empty() ? std::string("byte") : fs::absolute(tokenizer_dir).string()},
            {"train", with_run_settings(train, run).to_json()},
            {"out_dir", out_dir.string()},
            {"eval_documents", eval_documents},
            {"heldout_fraction", corpus_options.heldout_fraction},
            {"corpus_seed", corpus_options.seed}};
}

namespace {

using DocList = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

DocList heldout_docs(const Corpus& corpus, const std::vector<std::string>& langs) {
    DocList out;
    for (const auto& l : langs) out.emplace_back(l, &corpus.at(l).heldout);
    return out;
}

// The store's record of this job: a new run, or, when resuming a checkpoint of an interrupted
// or cancelled run of this store, that run continued from the checkpoint's step.
RecordedRun open_pretrain_run(const PretrainJobConfig& cfg, const ModelConfig& model_config, const ShardBlocks& blocks,
                              const nlohmann::json& resumed_meta, int64_t step) {
    RecordedRun run = resume_or_create(
        cfg.run.store_file, resumed_meta, to_string(RunKind::Pretrain), step,
        [&](const std::optional<RunRecord>& previous) {
            nlohmann::json config = cfg.to_json();
            config["model"] = to_hf_config(model_config);
            config["train_blocks"] = blocks.block_count();
            config["train_tokens"] = blocks.real_token_count();
            if (!resumed_meta.is_null()) config["resumed_at_step"] = step;
            const std::string name =
                cfg.name.empty() ? fmt::format("{} {}", cfg.preset, fmt::join(cfg.groups.old_langs, ",")) : cfg.name;
            // A parent: training a finished run further.
            return new_run(RunKind::Pretrain, name, std::move(config),
                           previous ? std::optional<int64_t>(previous->id) : std::nullopt, cfg.run.seed);
        });
    run.set_languages(cfg.groups);
    return run;
}

}  // namespace

PretrainJobResult run_pretrain_job(const PretrainJobConfig& cfg, const ProgressFn& progress) {
    const auto wall_start = std::chrono::steady_clock::now();
    if (cfg.groups.old_langs.empty()) throw Error("no training languages given");
    if (cfg.out_dir.empty()) throw Error("no output folder given");
    cfg.groups.validate();
    const TrainConfig train = with_run_settings(cfg.train, cfg.run);
    check_store_opens(cfg.run.store_file);
    // A second job writing this folder would interleave its checkpoints and weights with ours: it
    // stops here instead. In a data-parallel run rank 0 alone writes the folder.
    std::optional<FolderLock> lock;
    if (is_rank0()) lock.emplace(cfg.out_dir, "pretraining");
    const std::vector<std::string>& train_langs = cfg.groups.old_langs;
    const std::vector<std::string> eval_langs = cfg.groups.all();

    report(progress, {Stage::Load, 0, 0, "", "reading corpus " + cfg.corpus.string()});
    const std::unique_ptr<Tokenizer> tokenizer_owned =
        cfg.tokenizer_dir.empty() ? std::make_unique<ByteTokenizer>() : load_tokenizer_dir(cfg.tokenizer_dir);
    const Tokenizer& tokenizer = *tokenizer_owned;
    // Token shards, or the corpus folder tokenized once into a cache (core/jobs/training_data.h);
    // in a data-parallel run by rank 0, whose cache the other ranks then read.
    std::unique_ptr<TrainingCorpus> data_owned;
    rank0_first([&] {
        data_owned = std::make_unique<TrainingCorpus>(
            cfg.corpus, eval_langs, cfg.corpus_options, tokenizer,
            cfg.tokenizer_dir.empty() ? "this pretraining (bytes)" : "tokenizer " + cfg.tokenizer_dir.string(),
            shard_cache_root(cfg.run), progress);
    });
    const TrainingCorpus& data = *data_owned;
    const Corpus& corpus = data.heldout();
    ModelConfig model_config = model_preset(cfg.preset);
    model_config.vocab_size = tokenizer.vocab_size();
    {
        auto plan = plan_training(model_config, {train.batch_size, 0, 4, 4}, model_config.parameter_count(),
                                  "training (pretrain)");
        check_memory(plan, train.device);
        report(progress, {Stage::Memory, 0, 0, "", plan.summary()});
    }

    PackOptions pack;
    pack.block_len = model_config.work_len() + 1;
    pack.seed = train.seed;
    const std::unique_ptr<ShardBlocks> blocks_owned = data.blocks(train_langs, pack);
    const ShardBlocks& blocks = *blocks_owned;

    LanguageModel model(model_config);
    model->init_weights(train.seed);
    Trainer trainer(model, blocks, tokenizer, train);
    const fs::path checkpoints = cfg.out_dir / "checkpoints";
    fs::path resume_dir;
    if (cfg.resume) {
        resume_dir = latest_checkpoint(checkpoints);
        if (resume_dir.empty())
            throw Error(fmt::format("--resume: no checkpoint under {} (train with --checkpoint-every N first)",
                                    checkpoints.string()));
        trainer.resume_from(resume_dir);
    }

    nlohmann::json resumed_meta;
    if (!resume_dir.empty()) {
        resumed_meta = read_model_meta(resume_dir);
        const auto tokens = resumed_meta.value("train_tokens", int64_t{-1});
        if (tokens != blocks.real_token_count())
            throw Error(fmt::format("--resume: the checkpoint {} was trained on {} tokens of data, this corpus and "
                                    "these languages give {}; resume with the same --corpus, --langs and --seed",
                                    resume_dir.string(), tokens, blocks.real_token_count()));
    }

    PretrainJobResult result;
    RecordedRun run = open_pretrain_run(cfg, model_config, blocks, resumed_meta, trainer.step());
    result.run_id = run.id();
    const std::string stage(to_string(RunKind::Pretrain));
    nlohmann::json job_meta = {{"preset", cfg.preset},
                               {"trained_langs", train_langs},
                               {"language_groups", cfg.groups.to_json()},
                               {"corpus", cfg.corpus.string()},
                               {"train_tokens", blocks.real_token_count()}};
    job_meta.update(run.model_meta());
    trainer.set_checkpoint_meta(job_meta);
    BpbConfig periodic;
    periodic.max_documents = cfg.eval_documents;
    // Data-parallel: rank 0 alone evaluates and writes (the model folder, the store); the other
    // ranks train and return (docs/scaling.md).
    const bool rank0 = is_rank0();
    if (rank0) result.initial = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), periodic);
    // A resumed run logged its curve up to the checkpoint already.
    if (resume_dir.empty()) run.log_bpb(stage, trainer.step(), result.initial);

    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) { run.log_step(stage, r); };
    cb.on_eval = [&](int64_t step) {
        run.log_bpb(stage, step, evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), periodic));
    };
    cb.before_checkpoint = [&](int64_t) { run.flush(); };
    cb.progress = progress;
    result.train = trainer.run(cb, checkpoints);
    result.cancelled = result.train.stopped;
    if (result.cancelled) {
        // Keep the work: a checkpoint at the step reached, from which --resume continues.
        if (rank0)
            run.cancel([&] { trainer.save_checkpoint(checkpoints / fmt::format("step-{:06d}", trainer.step())); });
        result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        return result;
    }
    nlohmann::json meta = job_meta;
    meta["steps"] = trainer.step();
    if (rank0) save_model_dir(cfg.out_dir, model, tokenizer, meta);
    // The other ranks may read the folder next (an experiment expands it): not before it is whole.
    if (auto* group = process_group()) group->barrier();
    if (!rank0) {
        result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        return result;
    }
    result.model_dir = cfg.out_dir;
    BpbConfig final_cfg;
    final_cfg.max_documents = cfg.final_eval_documents;
    result.final = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), final_cfg, progress);
    result.final_means = group_means(result.final, cfg.groups);
    run.add_bpb_results(result.final, result.final_means);
    run.add_model(cfg.out_dir / kWeightsFile);
    run.finish();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return result;
}

}  // namespace layermoe
