#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/data/languages.h"
#include "core/eval/eval_job.h"

namespace layermoe::cli {

namespace {
struct EvalArgs {
    std::string model, corpus, langs, store = "runs.sqlite", device = "cpu";
    int64_t max_docs = 0;
    int threads = 0;
    bool json = false;
};
} // namespace

void add_eval_verb(CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval", "Bits per byte of a saved model on held-out text, per language");
    cmd->add_option("--model", args->model, "Model folder (model.safetensors + config.json)")->required();
    cmd->add_option("--corpus", args->corpus, "Corpus with held-out text")->required();
    cmd->add_option("--langs", args->langs, "Languages, e.g. eng,spa,zho_simpl,ell")->required();
    cmd->add_option("--max-docs", args->max_docs, "Held-out documents per language (0 = all)")->capture_default_str();
    cmd->add_option("--store", args->store, "Experiment store (SQLite file); empty = do not record")->capture_default_str();
    cmd->add_option("--device", args->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", args->threads, "CPU threads (0 = all cores)")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([args] {
        EvalJobConfig cfg;
        cfg.model_dir = args->model;
        cfg.corpus = args->corpus;
        cfg.langs = parse_language_list(args->langs);
        cfg.max_documents = args->max_docs;
        cfg.store_file = args->store;
        cfg.device = args->device;
        cfg.threads = args->threads;
        install_interrupt_handler();
        ProgressLine line(args->json);
        const auto r = run_eval_job(cfg, line.callback());
        line.finish();
        if (args->json) {
            nlohmann::json out = {{"run_id", r.run_id}, {"seconds", r.seconds}, {"languages", bpb_json(r.results)}};
            for (const auto& g : r.means) out["groups"][g.group] = g.bits_per_byte;
            fmt::print("{}\n", out.dump(2));
            return;
        }
        print_bpb_table({}, r.results, r.means);
        if (r.run_id > 0) fmt::print("recorded as run {} in {}\n", r.run_id, args->store);
    });
}

} // namespace layermoe::cli
