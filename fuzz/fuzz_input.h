#pragma once
// What every harness shares (docs/fuzzing.md): the input as a file for readers that take a path,
// and the rule that layermoe::Error is the only acceptable answer to bad input. Anything else
// (another exception, a crash, a sanitizer report, a leak) escapes to libFuzzer as a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace layermoe::fuzz {

// A folder of this process's own under the temporary folder, made once.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("layermoe-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

// Writes `bytes` to scratch()/name (folders made as needed) and returns the path.
inline std::filesystem::path input_file(std::string_view bytes, const std::string& name) {
    const auto file = scratch() / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The input as JSON, for readers handed a parsed document; nullopt when it is not JSON, which
// the file readers report with the file's name before such a reader runs.
inline std::optional<nlohmann::json> as_json(const uint8_t* data, size_t size) {
    try {
        return nlohmann::json::parse(as_text(data, size));
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Runs a reader on bad input: it may refuse it with layermoe::Error, and must not do anything else.
template <class Read>
void refuses_or_reads(Read&& read) {
    try {
        read();
    } catch (const layermoe::Error&) {}
}

}  // namespace layermoe::fuzz
