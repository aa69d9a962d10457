#pragma once
namespace CLI {
class App;
}
namespace layermoe::cli {
// Adds every verb (pretrain, eval, runs, demo, ...) to the application.
void register_commands(CLI::App& app);
}  // namespace layermoe::cli
