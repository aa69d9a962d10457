// layermoe: the command line. One verb per job; every verb has --help.
#include "app/cli/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/common/error.h"

int main(int argc, char** argv) {
    CLI::App app{"LayerMoE Workbench: teach a language model new languages with layer-wise MoE"};
    app.set_version_flag("--version", std::string(LAYERMOE_VERSION));
    app.require_subcommand(1);
    layermoe::cli::register_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const layermoe::Error& e) {
        fmt::print(stderr, "layermoe: error: {}\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "layermoe: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
