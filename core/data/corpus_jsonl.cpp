#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/corpus_files.h"

namespace layermoe {

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The common line {"text": "..."} read without building a JSON document: a large corpus is
// mostly such lines, and the general parser cost `layermoe tokenize` a third of its time.
// Anything else (other keys, \u escapes, control characters) returns nullopt and goes to
// nlohmann::json, which gives the same text or the error.
std::optional<std::string> simple_text_line(std::string_view line) {
    size_t i = 0;
    auto skip = [&] {
        while (i < line.size() && is_json_space(line[i])) ++i;
    };
    auto expect = [&](std::string_view token) {
        skip();
        if (line.substr(i, token.size()) != token) return false;
        i += token.size();
        return true;
    };
    if (!expect("{") || !expect("\"text\"") || !expect(":") || !expect("\"")) return std::nullopt;
    std::string text;
    text.reserve(line.size());
    for (;;) {
        // A run of plain characters is copied at once.
        size_t end = i;
        while (end < line.size() && line[end] != '"' && line[end] != '\\' &&
               static_cast<unsigned char>(line[end]) >= 0x20)
            ++end;
        text.append(line.data() + i, end - i);
        i = end;
        if (i >= line.size()) return std::nullopt;
        const char c = line[i++];
        if (c == '"') break;
        if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
        if (i >= line.size()) return std::nullopt;
        switch (line[i++]) {
        case '"': text.push_back('"'); break;
        case '\\': text.push_back('\\'); break;
        case '/': text.push_back('/'); break;
        case 'b': text.push_back('\b'); break;
        case 'f': text.push_back('\f'); break;
        case 'n': text.push_back('\n'); break;
        case 'r': text.push_back('\r'); break;
        case 't': text.push_back('\t'); break;
        default: return std::nullopt;  // \u and invalid escapes
        }
    }
    if (!expect("}")) return std::nullopt;
    skip();
    if (i != line.size()) return std::nullopt;
    return text;
}

}  // namespace

std::string jsonl_text_field(const std::filesystem::path& file, size_t line_number, std::string_view line) {
    if (auto text = simple_text_line(line)) return std::move(*text);
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}:{}: invalid JSON ({})", file.string(), line_number, e.what()));
    }
    if (!object.is_object() || !object.contains("text") || !object["text"].is_string())
        throw Error(
            fmt::format("{}:{}: expected a JSON object with a string field \"text\"", file.string(), line_number));
    return object["text"].get<std::string>();
}

std::vector<std::string> read_documents_jsonl(const std::filesystem::path& file) {
    std::vector<std::string> docs;
    for (const auto& line : read_nonempty_lines(file)) {
        std::string text = jsonl_text_field(file, line.line, line.text);
        if (!text.empty()) docs.push_back(std::move(text));
    }
    if (docs.empty()) throw Error(fmt::format("corpus file {} has no document with non-empty \"text\"", file.string()));
    return docs;
}

}  // namespace layermoe
