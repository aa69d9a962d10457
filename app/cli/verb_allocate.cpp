#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/allocation_options.h"
#include "app/cli/verbs.h"
#include "core/analysis/allocation.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/jobs/recorded_run.h"
#include "core/store/store.h"

namespace layermoe::cli {

namespace {

struct AllocateArgs {
    int64_t run = 0, d_model = 0, ffn = 0;
    std::string similarity, kind = "mean", model, store = "runs.sqlite";
    bool json = false;
    AllocationOptions allocation;
    CLI::Option *store_opt = nullptr, *d_model_opt = nullptr;
};

// hidden_size and intermediate_size from a Hugging Face config.json object.
void shape_from_hf(const nlohmann::json& hf, AllocationConfig& cfg) {
    if (!hf.is_object()) return;
    cfg.d_model = hf.value("hidden_size", int64_t{0});
    cfg.ffn_size = hf.value("intermediate_size", int64_t{0});
}

std::vector<LayerScore> scores_of_run(Store& store, int64_t run, const std::string& kind, AllocationConfig& cfg) {
    const auto record = store.get_run(run);
    if (!record) throw Error(fmt::format("{}: no run with id {}", store.path().string(), run));
    auto scores = store.layer_scores(run, kind);
    if (scores.empty()) {
        const auto kinds = store.similarity_kinds(run);
        throw Error(fmt::format("{}: run {} ({}) has no {} layer scores{}", store.path().string(), run,
                                to_string(record->kind), kind,
                                kinds.empty() ? "; give the id of an analyze run" : " (use --kind aligned?)"));
    }
    shape_from_hf(record->config.value("model_config", nlohmann::json()), cfg);
    return scores;
}

void print_allocation(const Allocation& a) {
    fmt::print("{:>5} {:>9} {:>7} {:>5} {:>10}\n", "layer", "S", "experts", "new", "classifier");
    for (const auto& l : a.layers)
        fmt::print("{:>5} {:>9.5f} {:>7} {:>5} {:>10}\n", l.layer, l.s, l.experts, l.new_experts,
                   l.classifier ? "yes" : "");
    fmt::print("{} rule: {} experts in all, {} new", rule_name(a.config.rule), a.total_experts, a.new_experts);
    if (a.new_parameters > 0)
        fmt::print(" ({:.3f} M new expert parameters, {:.3f} M router parameters)",
                   static_cast<double>(a.new_parameters) / 1e6, static_cast<double>(a.router_parameters) / 1e6);
    fmt::print("; {} classifier layers\n", a.classifier_layers);
    fmt::print("MoE-LPR with {} experts per layer: {} new", a.config.compare_uniform_experts, a.uniform_new_experts);
    if (a.uniform_new_parameters > 0)
        fmt::print(" ({:.3f} M parameters)", static_cast<double>(a.uniform_new_parameters) / 1e6);
    fmt::print("; this allocation adds {:.1f}% of its new experts\n", 100.0 * a.new_experts_vs_uniform);
}

void run_allocate(const AllocateArgs& a) {
    if ((a.run > 0) == !a.similarity.empty()) throw Error("give either --run ID or --similarity FILE.csv");
    if ((a.allocation.budget > 0) == (a.allocation.uniform > 0))
        throw Error("give either --budget DELTA or --uniform N");
    AllocationConfig cfg = a.allocation.config();

    std::unique_ptr<Store> store;
    std::vector<LayerScore> scores;
    if (a.run > 0) {
        if (!std::filesystem::exists(a.store)) throw Error(fmt::format("store {} does not exist", a.store));
        store = std::make_unique<Store>(a.store);
        scores = scores_of_run(*store, a.run, a.kind, cfg);
    } else {
        scores = read_scores_csv(a.similarity);
        if (a.store_opt->count() > 0) store = open_store_creating_folder(a.store);
    }
    if (!a.model.empty()) {
        const auto config_file = std::filesystem::path(a.model) / "config.json";
        try {
            shape_from_hf(nlohmann::json::parse(read_text_file(config_file)), cfg);
        } catch (const nlohmann::json::exception& e) {
            throw Error(fmt::format("{}: invalid JSON ({})", config_file.string(), e.what()));
        }
    }
    if (a.d_model_opt->count() > 0) {
        cfg.d_model = a.d_model;
        cfg.ffn_size = a.ffn;
    }
    const Allocation allocation = allocate(scores, cfg);

    nlohmann::json config = allocation.config.to_json();
    config["scores"] = a.run > 0 ? nlohmann::json{{"run", a.run}, {"kind", a.kind}}
                                 : nlohmann::json{{"csv", std::filesystem::absolute(a.similarity).string()}};
    // A null record without a store: nothing is written.
    RecordedRun recorded = RecordedRun::create(
        std::move(store),
        new_run(RunKind::Allocate,
                fmt::format("allocate {} ({} new experts)", rule_name(cfg.rule), allocation.new_experts),
                std::move(config), a.run > 0 ? std::optional<int64_t>(a.run) : std::nullopt));
    recorded.save_allocation(allocation);
    recorded.finish();
    const int64_t run_id = recorded.id();
    if (a.json) {
        auto out = allocation.to_json();
        out["run_id"] = run_id;
        fmt::print("{}\n", out.dump(2));
        return;
    }
    print_allocation(allocation);
    if (run_id > 0) fmt::print("recorded as run {} in {}\n", run_id, a.store);
}

}  // namespace

void add_allocate_verb(CLI::App& app) {
    auto args = std::make_shared<AllocateArgs>();
    auto* cmd = app.add_subcommand("allocate", "Experts per layer from the similarity scores (LayerMoE or uniform)");
    auto* run = cmd->add_option("--run", args->run, "An analyze run of the store");
    auto* csv = cmd->add_option("--similarity", args->similarity, "A CSV with columns layer,s_new_new,s_new_old");
    run->excludes(csv);
    args->allocation.add_to(*cmd);
    cmd->add_option("--kind", args->kind, "Scores of --run to use: mean or aligned")->capture_default_str();
    cmd->add_option("--model", args->model, "Model folder whose shape counts the parameters (with --similarity)");
    args->d_model_opt = cmd->add_option("--d-model", args->d_model, "hidden_size, to count parameters");
    cmd->add_option("--ffn-size", args->ffn, "intermediate_size, to count parameters")->needs(args->d_model_opt);
    args->store_opt = cmd->add_option("--store", args->store, "Experiment store; the allocation is recorded there")
                          ->capture_default_str();
    cmd->add_flag("--json", args->json, "Print the allocation as JSON");
    cmd->callback([args] { run_allocate(*args); });
}

}  // namespace layermoe::cli
