#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace CLI {
class App;
}

namespace layermoe {
struct BpbResult;
struct GroupMean;
struct PretrainJobResult;
struct ExperimentResult;
struct ExperimentSpec;
}  // namespace layermoe

namespace layermoe::cli {

void add_pretrain_verb(CLI::App& app);
void add_eval_verb(CLI::App& app);
void add_analyze_verb(CLI::App& app);
void add_allocate_verb(CLI::App& app);
void add_expand_verb(CLI::App& app);
void add_experiment_verb(CLI::App& app);
void add_compare_verb(CLI::App& app);
void add_report_verb(CLI::App& app);
void add_runs_verb(CLI::App& app);
void add_demo_verb(CLI::App& app);
void add_export_verb(CLI::App& app);  // and memory
void add_tokenizer_verb(CLI::App& app);
void add_tokenize_verb(CLI::App& app);
void add_generate_verb(CLI::App& app);
void add_routes_verb(CLI::App& app);

// Shared printing of evaluation tables.
void print_bpb_table(const std::vector<BpbResult>& before, const std::vector<BpbResult>& after,
                     const std::vector<GroupMean>& means);
nlohmann::json bpb_json(const std::vector<BpbResult>& results);
nlohmann::json pretrain_json(const PretrainJobResult& r);
void print_pretrain_summary(const PretrainJobResult& r);
// The experiment's comparison: one row per method (base first), per-group and per-language bpb.
void print_comparison(const ExperimentResult& result, const ExperimentSpec& spec);
// Runs an experiment with a progress line and prints its comparison (the experiment verb and demo).
void run_and_print_experiment(const ExperimentSpec& spec, bool resume, bool json);

}  // namespace layermoe::cli
