#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace CLI { class App; }

namespace layermoe {
struct BpbResult;
struct GroupMean;
struct PretrainJobResult;
}

namespace layermoe::cli {

void add_pretrain_verb(CLI::App& app);
void add_eval_verb(CLI::App& app);
void add_analyze_verb(CLI::App& app);
void add_allocate_verb(CLI::App& app);
void add_expand_verb(CLI::App& app);
void add_runs_verb(CLI::App& app);
void add_demo_verb(CLI::App& app);

// Shared printing of evaluation tables.
void print_bpb_table(const std::vector<BpbResult>& before, const std::vector<BpbResult>& after,
                     const std::vector<GroupMean>& means);
nlohmann::json bpb_json(const std::vector<BpbResult>& results);
nlohmann::json pretrain_json(const PretrainJobResult& r);
void print_pretrain_summary(const PretrainJobResult& r);

} // namespace layermoe::cli
