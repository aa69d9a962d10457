#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/common/paths.h"
#include "core/data/corpus.h"
#include "core/train/pretrain_job.h"

namespace layermoe::cli {

namespace {
struct DemoArgs {
    std::string workspace = "layermoe-demo", corpus;
    // The built-in corpus holds about 11 KB per language: held-out bpb is lowest near 120
    // steps of batch 16 and rises after (the model memorises), so the demo stops there.
    int64_t steps = 120;
    int threads = 0;
    bool json = false;
};

// The paper's groups. Old languages are trained; the new ones (G1, G2) are only evaluated for now.
const std::vector<std::string> kOld = {"eng", "spa", "zho_simpl"};
const std::vector<std::string> kNew1 = {"ell", "hun", "tur"};
const std::vector<std::string> kNew2 = {"ben", "hin", "npi"};

std::vector<std::string> offered_of(const std::vector<std::string>& wanted, const std::vector<std::string>& offered) {
    std::vector<std::string> out;
    for (const auto& l : wanted)
        if (std::find(offered.begin(), offered.end(), l) != offered.end()) out.push_back(l);
    return out;
}

void run_demo(const DemoArgs& a) {
    PretrainJobConfig cfg;
    cfg.corpus = a.corpus.empty() ? builtin_corpus_path() : std::filesystem::path(a.corpus);
    const auto offered = available_languages(cfg.corpus);
    cfg.groups.old_langs = kOld;
    cfg.groups.new1 = offered_of(kNew1, offered);
    cfg.groups.new2 = offered_of(kNew2, offered);
    cfg.preset = "small";
    cfg.train.steps = a.steps;
    cfg.train.warmup_steps = std::max<int64_t>(1, a.steps / 10);
    cfg.train.eval_every = std::max<int64_t>(1, a.steps / 6);
    cfg.train.checkpoint_every = std::max<int64_t>(1, a.steps / 2);
    cfg.train.threads = a.threads;
    cfg.out_dir = std::filesystem::path(a.workspace) / "models" / "base";
    cfg.store_file = std::filesystem::path(a.workspace) / "runs.sqlite";
    cfg.eval_documents = 40;
    cfg.name = "demo base (small, eng+spa+zho_simpl)";
    if (!a.json)
        fmt::print("LayerMoE demo: pretraining the small model on {} from {}\nworkspace {}\n", fmt::join(cfg.groups.old_langs, ", "),
                   cfg.corpus.string(), a.workspace);
    install_interrupt_handler();
    ProgressLine line(a.json);
    const auto result = run_pretrain_job(cfg, line.callback());
    line.finish();
    if (a.json) {
        fmt::print("{}\n", pretrain_json(result).dump(2));
    } else {
        print_pretrain_summary(result);
        fmt::print("look at it with: layermoe runs show {} --store {}\n", result.run_id, cfg.store_file.string());
    }
    if (result.cancelled) throw CLI::RuntimeError(130);
}
} // namespace

void add_demo_verb(CLI::App& app) {
    auto args = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand("demo", "Pretrain the small model on the built-in corpus and evaluate every language");
    cmd->add_option("--workspace", args->workspace, "Folder for the store and models")->capture_default_str();
    cmd->add_option("--corpus", args->corpus, "Use this corpus instead of the built-in one");
    cmd->add_option("--steps", args->steps, "Training steps")->capture_default_str();
    cmd->add_option("--threads", args->threads, "CPU threads (0 = all cores)")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([args] { run_demo(*args); });
}

} // namespace layermoe::cli
