#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_spec.h"
#include "core/data/bpe_tokenizer.h"
#include "core/data/tokenizer.h"

namespace fs = std::filesystem;

namespace layermoe {

std::unique_ptr<Tokenizer> load_tokenizer_dir(const fs::path& dir) {
    std::error_code ec;
    const auto description_file = dir / "layermoe_tokenizer.json";
    if (fs::exists(description_file, ec)) {
        const auto description = bpe::read_json_file(description_file);
        try {
            return tokenizer_from_description(description, dir);
        } catch (const Error& e) {
            throw Error(fmt::format("{}: {}", description_file.string(), e.what()));
        }
    }
    if (fs::exists(dir / "tokenizer.json", ec))
        return BpeTokenizer::from_files(dir / "tokenizer.json", dir / "tokenizer_config.json");
    throw Error(fmt::format("{}: no tokenizer (neither layermoe_tokenizer.json nor tokenizer.json)", dir.string()));
}

}  // namespace layermoe
