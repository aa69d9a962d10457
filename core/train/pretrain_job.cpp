#include "core/train/pretrain_job.h"

#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/files.h"
#include "core/store/store.h"

namespace layermoe {

namespace fs = std::filesystem;

std::string code_version() { return std::string("layermoe ") + LAYERMOE_VERSION; }

nlohmann::json PretrainJobConfig::to_json() const {
    return {{"corpus", corpus.string()}, {"langs", langs}, {"eval_langs", eval_langs}, {"preset", preset},
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

} // namespace

PretrainJobResult run_pretrain_job(const PretrainJobConfig& cfg, const ProgressFn& progress) {
    const auto wall_start = std::chrono::steady_clock::now();
    if (cfg.langs.empty()) throw Error("no training languages given");
    if (cfg.out_dir.empty()) throw Error("no output folder given");
    const auto eval_langs = cfg.eval_langs.empty() ? cfg.langs : cfg.eval_langs;
    std::vector<std::string> all_langs = cfg.langs;
    for (const auto& l : eval_langs)
        if (std::find(all_langs.begin(), all_langs.end(), l) == all_langs.end()) all_langs.push_back(l);

    report(progress, {"load", 0, 0, "", "reading corpus " + cfg.corpus.string()});
    const Corpus corpus = load_corpus(cfg.corpus, all_langs, cfg.corpus_options);
    ByteTokenizer tokenizer;
    ModelConfig model_config = model_preset(cfg.preset);
    model_config.vocab_size = tokenizer.vocab_size();

    DocList train_docs;
    for (const auto& l : cfg.langs) train_docs.emplace_back(l, &corpus.at(l).train);
    PackOptions pack;
    pack.block_len = model_config.max_len + 1;
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

    std::unique_ptr<Store> store;
    PretrainJobResult result;
    if (!cfg.store_file.empty()) {
        store = std::make_unique<Store>(cfg.store_file);
        NewRun run;
        run.kind = "pretrain";
        run.config = cfg.to_json();
        run.config["model"] = to_hf_config(model_config);
        run.config["train_blocks"] = blocks.n_blocks();
        run.config["train_tokens"] = blocks.n_real_tokens();
        if (!resume_dir.empty()) run.config["resumed_from"] = resume_dir.string();
        run.seed = cfg.train.seed;
        run.name = cfg.name.empty() ? fmt::format("{} {}", cfg.preset, fmt::join(cfg.langs, ",")) : cfg.name;
        run.code_version = code_version();
        result.run_id = store->create_run(run);
        std::vector<std::pair<std::string, std::string>> groups;
        for (const auto& l : eval_langs)
            groups.emplace_back(l, std::find(cfg.langs.begin(), cfg.langs.end(), l) != cfg.langs.end() ? "old" : "new");
        store->set_run_languages(result.run_id, groups);
    }
    const int64_t run_id = result.run_id;
    BpbConfig periodic;
    periodic.max_documents = cfg.eval_documents;
    result.initial = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), periodic);
    log_bpb(store.get(), run_id, "pretrain", trainer.step(), result.initial);

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
    cb.progress = progress;
    try {
        result.train = trainer.run(cb, checkpoints);
    } catch (...) {
        if (store) store->finish_run(run_id, "failed");
        throw;
    }
    result.cancelled = result.train.stopped;
    nlohmann::json meta = {{"run_id", run_id}, {"preset", cfg.preset}, {"trained_langs", cfg.langs},
                           {"steps", trainer.step()}, {"corpus", cfg.corpus.string()}};
    if (result.cancelled) {
        // Keep the work: a checkpoint at the step reached, from which --resume continues.
        trainer.save_checkpoint(checkpoints / fmt::format("step-{:06d}", trainer.step()), meta);
        if (store) store->finish_run(run_id, "cancelled");
        result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        return result;
    }
    save_model_dir(cfg.out_dir, model, tokenizer, meta);
    result.model_dir = cfg.out_dir;
    BpbConfig final_cfg;
    final_cfg.max_documents = cfg.final_eval_documents;
    result.final = evaluate_bpb(model, tokenizer, heldout_docs(corpus, eval_langs), final_cfg, progress);
    LanguageGroups groups;
    for (const auto& l : eval_langs)
        (std::find(cfg.langs.begin(), cfg.langs.end(), l) != cfg.langs.end() ? groups.old_langs : groups.new1).push_back(l);
    result.final_means = group_means(result.final, groups);
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
