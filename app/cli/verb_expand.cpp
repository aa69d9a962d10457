#include <cmath>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/allocation_options.h"
#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/jobs/expand_job.h"
#include "core/store/run_kind.h"

namespace layermoe::cli {

namespace {

struct ExpandArgs {
    std::string model, corpus, old_langs, new_langs, stage = "both", out = "models/expanded", name, split = "train";
    RunSettings run;
    int64_t steps = 0, steps2 = 0, batch = 16, accum = 1, tokens = 20000, eval_docs = 200, top_k = kTopK;
    double lr = 0, lr2 = 0, replay = 0.5;
    bool dense = false, resume = false, json = false, lpr_reference = false;
    AllocationOptions allocation;
};

ExpandJobConfig job_config(const ExpandArgs& a) {
    ExpandJobConfig cfg;
    const int methods = (a.allocation.budget > 0) + (a.allocation.uniform > 0) + (a.dense ? 1 : 0);
    if (methods != 1) throw Error("give exactly one of --budget DELTA (LayerMoE), --uniform N (MoE-LPR), --dense");
    cfg.method = a.dense                    ? ExpansionMethod::Dense
                 : a.allocation.uniform > 0 ? ExpansionMethod::MoeLpr
                                            : ExpansionMethod::LayerMoe;
    cfg.model_dir = a.model;
    cfg.corpus = a.corpus;
    cfg.old_langs = parse_language_list(a.old_langs);
    cfg.new_langs = parse_language_list(a.new_langs);
    cfg.allocation = a.allocation.config();
    cfg.analysis.tokens_select = a.tokens;
    cfg.analysis_split = a.split;
    cfg.top_k = a.top_k;
    if (a.stage != "1" && a.stage != "2" && a.stage != "both") throw Error("--stage must be 1, 2 or both");
    cfg.run_stage1 = a.stage != "2";
    cfg.run_stage2 = a.stage != "1";
    for (TrainConfig* t : {&cfg.stage1, &cfg.stage2}) {
        t->batch_size = a.batch;
        t->grad_accum = a.accum;
        t->lpr_reference_form = a.lpr_reference;
    }
    if (a.lr > 0) cfg.stage1.lr = a.lr;
    if (a.lr2 > 0) cfg.stage2.lr = a.lr2;
    if (a.steps > 0) cfg.stage1.steps = a.steps;
    cfg.stage2.steps = a.steps2 > 0 ? a.steps2 : std::max<int64_t>(1, cfg.stage1.steps / 2);
    cfg.stage1.checkpoint_every = default_checkpoint_every(cfg.stage1.steps);
    cfg.stage2.checkpoint_every = default_checkpoint_every(cfg.stage2.steps);
    cfg.replay_ratio = a.replay;
    cfg.eval_documents = a.eval_docs;
    cfg.out_dir = a.out;
    cfg.run = a.run;
    cfg.name = a.name;
    cfg.resume = a.resume;
    return cfg;
}

nlohmann::json stage_json(const StageOutcome& s) {
    nlohmann::json out = {{"run_id", s.run_id},
                          {"trained", s.ran},
                          {"trainable_parameters", s.trainable_parameters},
                          {"model_dir", s.model_dir.string()},
                          {"bpb", bpb_json(s.bpb)}};
    for (const auto& g : s.means) out["groups"][g.group] = g.bits_per_byte;
    return out;
}

void print_stages(const ExpandJobResult& r) {
    const StageOutcome* stages[] = {&r.stage1, &r.stage2};
    fmt::print("{:<12} {:>12} {:>12}\n", "language", "after st.1", "after st.2");
    const auto& rows = !r.stage2.bpb.empty() ? r.stage2.bpb : r.stage1.bpb;
    for (size_t i = 0; i < rows.size(); ++i) {
        fmt::print("{:<12}", rows[i].language);
        for (const auto* s : stages)
            if (i < s->bpb.size())
                fmt::print(" {:>12.4f}", s->bpb[i].bits_per_byte);
            else
                fmt::print(" {:>12}", "-");
        fmt::print("\n");
    }
    const auto& means = !r.stage2.means.empty() ? r.stage2.means : r.stage1.means;
    for (size_t i = 0; i < means.size(); ++i) {
        fmt::print("{:<12}", "mean " + means[i].group);
        for (const auto* s : stages)
            if (i < s->means.size())
                fmt::print(" {:>12.4f}", s->means[i].bits_per_byte);
            else
                fmt::print(" {:>12}", "-");
        fmt::print("\n");
    }
}

void run_expand(const ExpandArgs& a) {
    const auto cfg = job_config(a);
    install_interrupt_handler();
    ProgressLine line(a.json);
    const auto r = run_expand_job(cfg, line.callback());
    line.finish();
    if (a.json) {
        nlohmann::json out = {{"method", method_name(cfg.method)},
                              {"new_experts", r.new_experts},
                              {"new_parameters", r.new_parameters},
                              {"analysis_run", r.analysis_run},
                              {"allocation_run", r.allocation_run},
                              {"status", to_string(r.cancelled ? RunStatus::Cancelled : RunStatus::Finished)},
                              {"seconds", r.seconds},
                              {"stage1", stage_json(r.stage1)},
                              {"stage2", stage_json(r.stage2)}};
        if (r.allocation) out["allocation"] = r.allocation->to_json();
        fmt::print("{}\n", out.dump(2));
    } else {
        if (r.allocation) {
            fmt::print("{}: {} new experts ({:.3f} M parameters); experts per layer:", method_name(cfg.method),
                       r.new_experts, static_cast<double>(r.new_parameters) / 1e6);
            for (const auto& l : r.allocation->layers) fmt::print(" {}{}", l.experts, l.classifier ? "*" : "");
            fmt::print(" (* classifier)\n");
        }
        if (!r.cancelled) print_stages(r);
        fmt::print("took {}\n", format_duration(r.seconds));
    }
    if (r.cancelled) {
        fmt::print(stderr, "stopped; a checkpoint was kept: run the same command with --resume to continue\n");
        throw CLI::RuntimeError(130);
    }
}

}  // namespace

void add_expand_verb(CLI::App& app) {
    auto args = std::make_shared<ExpandArgs>();
    auto* cmd =
        app.add_subcommand("expand", "Expand a model to new languages (LayerMoE, MoE-LPR or dense) and train it");
    cmd->add_option("--model", args->model, "Base model folder (or a G1-expanded one, for G2)")->required();
    cmd->add_option("--corpus", args->corpus, "Corpus with text of every language")->required();
    cmd->add_option("--old", args->old_langs, "Old languages (G0, or G0 + G1 for a second expansion)")->required();
    cmd->add_option("--new", args->new_langs, "New languages")->required();
    args->allocation.add_to(*cmd);
    cmd->add_flag("--dense", args->dense, "Dense baseline: train every weight");
    cmd->add_option("--stage", args->stage, "1, 2 or both (2 alone continues a stage-1 model folder)")
        ->capture_default_str();
    cmd->add_option("--steps", args->steps, "Stage 1 steps (default 200)");
    cmd->add_option("--steps2", args->steps2, "Stage 2 steps (default half of --steps)");
    cmd->add_option("--lr", args->lr, "Stage 1 peak learning rate (default 1e-3)");
    cmd->add_option("--lr2", args->lr2, "Stage 2 peak learning rate (default 1e-2: routers and classifiers only)");
    cmd->add_option("--batch", args->batch, "Sequences per micro-batch (per rank in a data-parallel run)")
        ->capture_default_str();
    cmd->add_option("--accum", args->accum, "Micro-batches per step (gradient accumulation)")->capture_default_str();
    cmd->add_option("--replay-ratio", args->replay,
                    "Stage 2: old documents per old language per new document per new language")
        ->capture_default_str();
    cmd->add_option("--top-k", args->top_k, "Experts per token")->capture_default_str();
    cmd->add_option("--tokens", args->tokens, "LayerMoE analysis: tokens per language")->capture_default_str();
    cmd->add_option("--analysis-split", args->split, "LayerMoE analysis documents: train, heldout or all")
        ->capture_default_str();
    cmd->add_flag("--lpr-reference-form", args->lpr_reference,
                  "LPR as the reference code computes it (double softmax)");
    cmd->add_option("--eval-docs", args->eval_docs, "Held-out documents per language to evaluate (0 = all)")
        ->capture_default_str();
    cmd->add_option("--out", args->out, "Output folder (stage1/ and stage2/ model folders)")->capture_default_str();
    cmd->add_option("--name", args->name, "Name of the method in the store and tables");
    add_run_options(
        *cmd, args->run, kStore | kSeed | kThreads | kDevice | kContext,
        {.context = "Tokens per training block and analysis window (0 = the model's context, at most 2048)"});
    cmd->add_flag("--resume", args->resume, "Continue interrupted stages, reuse finished ones");
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([args] { run_expand(*args); });
}

}  // namespace layermoe::cli
