#include "app/cli/commands.h"

#include <CLI/CLI.hpp>

#include "app/cli/verbs.h"

namespace layermoe::cli {

void register_commands(CLI::App& app) {
    add_pretrain_verb(app);
    add_eval_verb(app);
    add_analyze_verb(app);
    add_allocate_verb(app);
    add_expand_verb(app);
    add_experiment_verb(app);
    add_compare_verb(app);
    add_report_verb(app);
    add_runs_verb(app);
    add_demo_verb(app);
    add_export_verb(app);
    add_tokenizer_verb(app);
    add_tokenize_verb(app);
    add_generate_verb(app);
    add_routes_verb(app);
}

}  // namespace layermoe::cli
