#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/corpus_files.h"

namespace layermoe {

namespace {

std::string text_field(const std::filesystem::path& file, const NumberedLine& line) {
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(line.text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}:{}: invalid JSON ({})", file.string(), line.line, e.what()));
    }
    if (!object.is_object() || !object.contains("text") || !object["text"].is_string())
        throw Error(
            fmt::format("{}:{}: expected a JSON object with a string field \"text\"", file.string(), line.line));
    return object["text"].get<std::string>();
}

}  // namespace

std::vector<std::string> read_documents_jsonl(const std::filesystem::path& file) {
    std::vector<std::string> docs;
    for (const auto& line : read_nonempty_lines(file)) {
        std::string text = text_field(file, line);
        if (!text.empty()) docs.push_back(std::move(text));
    }
    if (docs.empty()) throw Error(fmt::format("corpus file {} has no document with non-empty \"text\"", file.string()));
    return docs;
}

}  // namespace layermoe
