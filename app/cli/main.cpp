// layermoe: the command line. One verb per job; every verb has --help.
#include "app/cli/commands.h"
#include "app/cli/launch.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/common/error_boundary.h"
#include "core/train/process_group.h"

int main(int argc, char** argv) {
    layermoe::file_size_limit_fails_writes();
    CLI::App app{"LayerMoE Workbench: teach a language model new languages with layer-wise MoE"};
    app.set_version_flag("--version", std::string(LAYERMOE_VERSION));
    app.require_subcommand(1);
    layermoe::cli::register_commands(app);
    // Every verb runs as one rank of a data-parallel run when a launcher (torchrun, srun, mpirun,
    // or --nproc-per-node here) says so (docs/scaling.md).
    app.add_option("--nproc-per-node", "Run as N local processes (ranks) of a data-parallel job")->type_name("N");
    const auto rank_prefix = [] {
        return layermoe::current_world_size() > 1 ? fmt::format("rank {}: ", layermoe::current_rank()) : std::string();
    };
    try {
        const int launched = layermoe::cli::launch_local_ranks(argc, argv);
        if (launched >= 0) return launched;
        layermoe::cli::join_ranks_from_env();
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (...) {
        // One line, whatever was thrown (core/common/error_boundary.h; docs/errors.md).
        fmt::print(stderr, "layermoe: {}error: {}\n", rank_prefix(), layermoe::error_line(std::current_exception()));
        return 1;
    }
    layermoe::shutdown_distributed();
    return 0;
}
