#include "core/train/pretrain_job.h"

#include "core/eval/bpb.h"
#include "core/train/trainer.h"

#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/model/memory_plan.h"
#include "core/io/files.h"
#include "core/store/store.h"

namespace layermoe {

namespace fs = std::filesystem;

std::string code_version() { return std::string("layermoe ") + LAYERMOE_VERSION; }

nlohmann::json PretrainJobConfig::to_json() const {
    return {{"corpus", corpus.string()}, {"groups", groups.to_json()}, {"preset", preset},
            {"tokenizer", tokenizer_dir.empty() ? std::string("byte") : fs::absolute(tokenizer_dir).string()},
            {"train", train.to_json()}, {"out_dir", out_dir.string()}, {"eval_documents", eval_documents},
            {"heldout_fraction", corpus_options.heldout_fraction}, {"corpus_seed", corpus_options.seed}};
}

namespace {

using DocList = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

DocList heldout_docs(const Corpus& corpus, const std::vector<std::string>& langs) {
    DocList out;
    for (const auto& l : langs) out.emplace_back(l, &corpus.at(l).heldout);
    return out;
}

void log_bpb(Store* store, int64_t run, const std::string& stage, int64_t step, const std::vector<BpbResult>& rs) {
    if (!store) return;
    for (const auto& r : rs) store->log_metric({run, stage, step, r.language, "bpb", r.bits_per_byte});
}

// The store's record of this job: a new run, or, when resuming a checkpoint of an interrupted
// or cancelled run of this store, that run continued from the checkpoint's step.
int64_t open_pretrain_run(Store& store, const PretrainJobConfig& cfg, const ModelConfig& model_config,
                          const PackedBlocks& blocks, const nlohmann::json& resumed_meta, int64_t step) {
    const std::optional<RunRecord> previous = store.run_of_model(resumed_meta);
    if (previous && previous->kind == "pretrain" && previous->status != "finished") {
        store.resume_run(previous->id, "pretrain", step);
        return previous->id;
    }
    NewRun run;
    run.kind = "pretrain";
    run.config = cfg.to_json();
    run.config["model"] = to_hf_config(model_config);
    run.config["train_blocks"] = blocks.n_blocks();
    run.config["train_tokens"] = blocks.n_real_tokens();
    if (previous) run.parent = previous->id;  // training a finished run further
    if (!resumed_meta.is_null()) run.config["resumed_at_step"] = step;
    run.seed = cfg.train.seed;
    run.name = cfg.name.empty() ? fmt::format("{} {}", cfg.preset, fmt::join(cfg.groups.old_langs, ",")) : cfg.name;
    run.code_version = code_version();
    const int64_t id = store.create_run(run);
    store.set_run_languages(id, cfg.groups.tagged());
    return id;
}

} // namespace

PretrainJobResult run_pretrain_job(const PretrainJobConfig& cfg, const ProgressFn& progress) {
    const auto wall_start = std::chrono::steady_clock::now();
    if (cfg.groups.old_langs.empty()) throw Error("no training languages given");
    if (cfg.out_dir.empty()) throw Error("no output folder given");
    cfg.groups.validate();
    const std::vector<std::string>& train_langs = cfg.groups.old_langs;
    const std::vector<std::string> eval_langs = cfg.groups.all();

    report(progress, {"load", 0, 0, "", "reading corpus " + cfg.corpus.string()});
    const Corpus corpus = load_corpus(cfg.corpus, eval_langs, cfg.corpus_options);
    const std::unique_ptr<Tokenizer> tokenizer_owned =
        cfg.tokenizer_dir.empty() ? std::make_unique<ByteTokenizer>() : load_tokenizer_dir(cfg.tokenizer_dir);
    const Tokenizer& tokenizer = *tokenizer_owned;
    ModelConfig model_config = model_preset(cfg.preset);
    model_config.vocab_size = tokenizer.vocab_size();
    {
        auto plan = plan_training(model_config, {cfg.train.batch_size, 0, 4, 4}, model_config.parameter_count(),
                                  "training (pretrain)");
        check_memory(plan, cfg.train.device);
        report(progress, {"memory", 0, 0, "", plan.summary()});
    }

    DocList train_docs;
    for (const auto& l : train_langs) train_docs.emplace_back(l, &corpus.at(l).train);
    PackOptions pack;
    pack.block_len = model_config.work_len() + 1;
    pack.seed = cfg.train.seed;
    const PackedBlocks blocks = pack_documents(train_docs, tokenizer, pack);

    LanguageModel model(model_config);
    model->init_weights(cfg.train.seed);
    Trainer trainer(model, blocks, tokenizer, cfg.train);
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
        if (tokens != blocks.n_real_tokens())
            throw Error(fmt::format("--resume: the checkpoint {} was trained on {} tokens of data, this corpus and "
                                    "these languages give {}; resume with the same --corpus, --langs and --seed",
                                    resume_dir.string(), tokens, blocks.n_real_tokens()));
    }

    std::unique_ptr<Store> store;
    PretrainJobResult result;
    if (!cfg.store_file.empty()) {
        store = open_store_creating_folder(cfg.store_file);
        result.run_id = open_pretrain_run(*store, cfg, model_config, blocks, resumed_meta, trainer.step());
    }
    const int64_t run_id = result.run_id;
    nlohmann::json job_meta = {{"preset", cfg.preset}, {"trained_langs", train_langs},
                                     {"language_groups", cfg.groups.to_json()}, {"corpus", cfg.corpus.string()},
                                     {"train_tokens", blocks.n_real_tokens()}};
    job_meta.update(model_run_meta(store.get(), run_id));
    trainer.set_checkpoint_meta(job_meta);
    BpbConfig periodic;
    periodic.max_documents = cfg.eval_documents;
    result.initial = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), periodic);
    // A resumed run logged its curve up to the checkpoint already.
    if (resume_dir.empty()) log_bpb(store.get(), run_id, "pretrain", trainer.step(), result.initial);

    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) {
        if (!store) return;
        store->log_metric({run_id, "pretrain", r.step, "all", "loss", r.loss});
        store->log_metric({run_id, "pretrain", r.step, "all", "lr", r.lr});
        store->log_metric({run_id, "pretrain", r.step, "all", "grad_norm", r.grad_norm});
        store->log_metric({run_id, "pretrain", r.step, "all", "tokens_per_s", r.tokens_per_s});
    };
    cb.on_eval = [&](int64_t step) {
        log_bpb(store.get(), run_id, "pretrain", step, evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), periodic));
    };
    cb.before_checkpoint = [&](int64_t) {
        if (store) store->flush();
    };
    cb.progress = progress;
    try {
        result.train = trainer.run(cb, checkpoints);
    } catch (...) {
        if (store) store->finish_run(run_id, "failed");
        throw;
    }
    result.cancelled = result.train.stopped;
    if (result.cancelled) {
        // Keep the work: a checkpoint at the step reached, from which --resume continues.
        cb.before_checkpoint(trainer.step());
        trainer.save_checkpoint(checkpoints / fmt::format("step-{:06d}", trainer.step()));
        if (store) store->finish_run(run_id, "cancelled");
        result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        return result;
    }
    nlohmann::json meta = job_meta;
    meta["steps"] = trainer.step();
    save_model_dir(cfg.out_dir, model, tokenizer, meta);
    result.model_dir = cfg.out_dir;
    BpbConfig final_cfg;
    final_cfg.max_documents = cfg.final_eval_documents;
    result.final = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), final_cfg, progress);
    result.final_means = group_means(result.final, cfg.groups);
    if (store) {
        for (const auto& r : result.final)
            store->add_eval_result({run_id, "heldout", r.language, "bpb", r.bits_per_byte, r.documents});
        for (const auto& g : result.final_means)
            store->add_eval_result({run_id, "heldout", "group:" + g.group, "bpb", g.bits_per_byte, g.languages});
        store->add_artifact({run_id, fs::absolute(cfg.out_dir / kWeightsFile).string(), "model",
                             sha256_file(cfg.out_dir / kWeightsFile)});
        store->finish_run(run_id, "finished");
    }
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return result;
}

} // namespace layermoe
