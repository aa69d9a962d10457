// `layermoe routes`: which experts each language's tokens use, per MoE layer, and how the routing
// classifier classes each language's sequences; recorded as a run; a table, CSV or JSON.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/io/files.h"
#include "core/jobs/routes_job.h"

namespace layermoe::cli {

namespace {

struct RoutesArgs {
    RoutesJobConfig job;
    std::string langs, csv;
    bool json = false;
};

void print_routes(const RouteTable& t) {
    for (const auto& l : t.layers) {
        fmt::print("layer {}: {} experts (share of each language's tokens; * = a later wave's expert)\n", l.layer,
                   l.experts());
        fmt::print("  {:<12} {:<4}", "language", "grp");
        for (int64_t e = 0; e < l.experts(); ++e)
            fmt::print(" {:>7}", fmt::format("{}e{}", l.expert_wave[static_cast<size_t>(e)] > 0 ? "*" : "", e));
        if (!l.classes.empty()) fmt::print("   classes (sequences)");
        fmt::print("\n");
        for (size_t i = 0; i < t.languages.size(); ++i) {
            fmt::print("  {:<12} {:<4}", t.languages[i].code, t.languages[i].group);
            for (double s : l.share[i]) fmt::print(" {:>7.3f}", s);
            if (!l.classes.empty()) {
                fmt::print("  ");
                for (size_t c = 0; c < l.classes[i].size(); ++c) fmt::print(" c{}:{}", c, l.classes[i][c]);
            }
            fmt::print("\n");
        }
    }
    for (const auto& l : t.languages) fmt::print("{}: {} tokens in {} sequences\n", l.code, l.tokens, l.sequences);
}

}  // namespace

void add_routes_verb(CLI::App& app) {
    auto args = std::make_shared<RoutesArgs>();
    auto* cmd = app.add_subcommand(
        "routes", "Expert usage of an expanded model: per MoE layer, the share of each language's tokens per expert");
    cmd->add_option("--model", args->job.model_dir, "Expanded model folder")->required();
    cmd->add_option("--corpus", args->job.corpus, "Corpus with held-out text of the languages")->required();
    cmd->add_option("--langs", args->langs, "Languages, e.g. eng,spa,ell (old ones are shown first)")->required();
    cmd->add_option("--tokens", args->job.routes.max_tokens, "Tokens per language")->capture_default_str();
    cmd->add_option("--sequence-len", args->job.routes.sequence_len, "Tokens per sequence (a document is cut there)")
        ->capture_default_str();
    cmd->add_option("--csv", args->csv, "Also write the table as CSV to this file");
    add_run_options(*cmd, args->job.run, kDevice | kDtype | kThreads | kStore);
    cmd->add_flag("--json", args->json, "Print the table as JSON");
    cmd->callback([args] {
        install_interrupt_handler();
        args->job.langs = parse_language_list(args->langs);
        if (!args->csv.empty()) {
            const auto csv_dir = std::filesystem::absolute(args->csv).parent_path();
            if (!std::filesystem::is_directory(csv_dir))
                throw Error(fmt::format("--csv {}: the folder {} does not exist", args->csv, csv_dir.string()));
        }
        ProgressLine line(args->json);
        const auto r = run_routes_job(args->job, line.callback());
        line.finish();
        if (r.cancelled) throw CLI::RuntimeError(130);
        if (!args->csv.empty()) atomic_write_file(args->csv, routes_csv(r.table));
        if (args->json) {
            auto out = routes_json(r.table);
            out["run_id"] = r.run_id;
            out["seconds"] = r.seconds;
            fmt::print("{}\n", out.dump(2));
            return;
        }
        print_routes(r.table);
        fmt::print("measured in {:.1f} s\n", r.seconds);
        if (r.run_id > 0) fmt::print("recorded as run {} in {}\n", r.run_id, args->job.run.store_file.string());
        if (!args->csv.empty()) fmt::print("wrote {}\n", args->csv);
    });
}

}  // namespace layermoe::cli
