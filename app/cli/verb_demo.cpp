#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/common/paths.h"
#include "core/analysis/allocation.h"
#include "core/jobs/defaults.h"
#include "core/data/corpus.h"
#include "core/model/config.h"
#include "core/jobs/experiment_job.h"

namespace layermoe::cli {

namespace {

struct DemoArgs {
    std::string workspace = "layermoe-demo", corpus;
    // The built-in corpus holds about 11 KB per language: held-out bpb of the base model is
    // lowest near 120 steps of batch 16 and rises after (it memorises), so pretraining stops there.
    // Stages of 40 and 20 steps: 3 seeds x 3 methods then train about as many steps as one seed of
    // 100 and 50 did (540 against 450), so the demo takes about as long as it did with one seed.
    int64_t steps = 120, stage_steps = 40;
    // Every method runs once per seed on the one base, so that the verdicts rest on more than one
    // draw of data order and initialisation.
    std::vector<uint64_t> seeds = {1, 2, 3};
    RunSettings run;  // threads and device; the store is the workspace's
    bool json = false, resume = false;
};

// The paper's groups: G0 old, G1 new.
const std::vector<std::string> kOld = {"eng", "spa", "zho_simpl"};
const std::vector<std::string> kNew = {"ell", "hun", "tur"};

std::vector<std::string> offered_of(const std::vector<std::string>& wanted, const std::vector<std::string>& offered) {
    std::vector<std::string> out;
    for (const auto& l : wanted)
        if (std::find(offered.begin(), offered.end(), l) != offered.end()) out.push_back(l);
    return out;
}

// The paper's G0 -> G1 experiment in miniature: LayerMoE with at most 40% of MoE-LPR's new
// experts, MoE-LPR with 6 experts per layer, and dense continued training, on the same data.
ExperimentSpec demo_spec(const DemoArgs& a) {
    ExperimentSpec s;
    s.name = "demo: G0 -> G1";
    s.corpus = a.corpus.empty() ? builtin_corpus_path() : std::filesystem::path(a.corpus);
    s.workspace = a.workspace;
    s.run = a.run;
    s.run.store_file = s.workspace / "runs.sqlite";
    const auto offered = available_languages(s.corpus);
    s.old_langs = offered_of(kOld, offered);
    s.new_langs = offered_of(kNew, offered);
    PretrainJobConfig pre;
    pre.preset = "small";
    pre.train = default_pretrain_config(a.steps);
    pre.eval_documents = 40;
    pre.name = "demo base (small, eng+spa+zho_simpl)";
    s.pretrain = pre;
    // MoE-LPR's experts per layer (the paper's 6); LayerMoE the default allocation against it, the
    // one the workbench starts from (core/jobs/defaults.h): for the small model's 6 layers, budget
    // 18 = 12 new experts (40% of MoE-LPR's 30).
    ExperimentMethod layermoe{"LayerMoE", ExpansionMethod::LayerMoe,
                              default_layermoe_allocation(model_preset(pre.preset).n_layers, kMoeLprExperts)};
    ExperimentMethod lpr{"MoE-LPR", ExpansionMethod::MoeLpr, default_moe_lpr_allocation(kMoeLprExperts)};
    s.methods = {layermoe, lpr, {"Dense", ExpansionMethod::Dense, {}}};
    s.stage1.steps = a.stage_steps;
    s.stage2.steps = std::max<int64_t>(1, a.stage_steps / 2);
    s.eval_documents = 0;  // all held-out documents (a few per language here)
    s.seeds = a.seeds;
    return s;
}

void run_demo(const DemoArgs& a) {
    const auto spec = demo_spec(a);
    if (!a.json)
        fmt::print("LayerMoE demo: a small model pretrained on {} learns {}, from {}\nworkspace {}\n",
                   fmt::join(spec.old_langs, ", "), fmt::join(spec.new_langs, ", "), spec.corpus.string(),
                   spec.workspace.string());
    run_and_print_experiment(spec, a.resume, a.json);
    if (!a.json)
        fmt::print("look at it with: layermoe runs list --store {} (or open {} in layermoe-workbench)\n",
                   spec.run.store_file.string(), spec.workspace.string());
}

}  // namespace

void add_demo_verb(CLI::App& app) {
    auto args = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand(
        "demo", "The paper's G0 -> G1 experiment in miniature: pretrain, then LayerMoE vs MoE-LPR vs dense");
    cmd->add_option("--workspace", args->workspace, "Folder for the store and models")->capture_default_str();
    cmd->add_option("--corpus", args->corpus, "Use this corpus instead of the built-in one");
    cmd->add_option("--steps", args->steps, "Base pretraining steps")->capture_default_str();
    cmd->add_option("--stage-steps", args->stage_steps, "Stage 1 steps of every method (stage 2: half)")
        ->capture_default_str();
    cmd->add_option("--seeds", args->seeds, "Run every method once per seed (comma-separated)")
        ->delimiter(',')
        ->capture_default_str();
    add_run_options(*cmd, args->run, kThreads | kDevice);
    cmd->add_flag("--resume", args->resume, "Reuse what an earlier demo in the workspace finished");
    cmd->add_flag("--json", args->json, "Print the comparison as JSON");
    cmd->callback([args] { run_demo(*args); });
}

}  // namespace layermoe::cli
