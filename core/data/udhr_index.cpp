#include "core/data/udhr_index.h"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus_files.h"
#include "core/data/languages.h"
#include "core/data/text_util.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

// Where the ISO code alone would not pick the variant we want: FLORES codes for Chinese, and
// the variant matching FLORES's text where the package has several. FLORES also uses some
// macrolanguage codes (ara, fas, mon, ...) where UDHR names the individual language.
const std::map<std::string, std::string> kOverrides = {
    {"cmn_hans", "zho_simpl"},
    {"cmn_hant", "zho_trad"},
    {"ell_monotonic", "ell"},
    {"nep", "npi"},
    {"azj_latn", "azj"},
    {"bos_latn", "bos"},
    {"deu_1996", "deu"},
    {"por_BR", "por"},
    {"ron_2006", "ron"},
    {"srp_cyrl", "srp"},
    {"nya_chechewa", "nya"},
    {"prv", "oci"},
    {"hau_NG", "hau"},
    {"arb", "ara"},
    {"est", "est"},
    {"lav", "lav"},
    {"pes_1", "fas"},
    {"khk", "mon"},
    {"uzn_latn", "uzb"},
    {"mly_latn", "msa"},
    {"pbu", "pus"},
    {"fuv", "ful"},
    {"gax", "orm"},
};

// `key: 'value',` or `key: "value",` -> (key, value); empty key when the line is not one.
std::pair<std::string, std::string> property(std::string_view line) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return {};
    std::string_view key = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (value.ends_with(',')) value.remove_suffix(1);
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) key = key.substr(1, key.size() - 2);
    if (value.size() < 2 || (value.front() != '\'' && value.front() != '"') || value.back() != value.front()) return {};
    return {std::string(key), std::string(value.substr(1, value.size() - 2))};
}

}  // namespace

std::vector<UdhrEntry> read_udhr_index(const fs::path& index_js) {
    std::vector<UdhrEntry> entries;
    UdhrEntry current;
    for (const auto& line : read_nonempty_lines(index_js)) {
        const std::string_view text = trim(line.text);
        if (text.starts_with('{')) current = {};
        auto [key, value] = property(text);
        if (key == "code") current.udhr_code = value;
        if (key == "iso6393") current.iso6393 = value;
        if (text.starts_with('}') && !current.udhr_code.empty() && !current.iso6393.empty())
            entries.push_back(std::exchange(current, {}));
    }
    if (entries.empty())
        throw Error(fmt::format("{} lists no UDHR translations (objects with code and iso6393)", index_js.string()));
    return entries;
}

std::map<std::string, std::string> map_udhr_codes(const std::vector<UdhrEntry>& entries) {
    std::map<std::string, std::string> ours_to_udhr;
    std::set<std::string> claimed_isos;
    std::map<std::string, std::vector<std::string>> by_iso;
    for (const auto& e : entries) {
        if (auto it = kOverrides.find(e.udhr_code); it != kOverrides.end()) {
            ours_to_udhr[it->second] = e.udhr_code;
            claimed_isos.insert(e.iso6393);
        }
    }
    for (const auto& e : entries)
        if (!kOverrides.contains(e.udhr_code) && !claimed_isos.contains(e.iso6393) && e.iso6393 != "und")
            by_iso[e.iso6393].push_back(e.udhr_code);
    for (const auto& [iso, codes] : by_iso) {
        const bool has_plain = std::find(codes.begin(), codes.end(), iso) != codes.end();
        if (has_plain)
            ours_to_udhr[iso] = iso;
        else if (codes.size() == 1)
            ours_to_udhr[iso] = codes.front();
    }
    std::erase_if(ours_to_udhr, [](const auto& kv) { return find_language(kv.first) == nullptr; });
    return ours_to_udhr;
}

std::optional<fs::path> find_udhr_package(const fs::path& path) {
    std::error_code ec;
    for (const fs::path& dir : {path, path / "package"})
        if (fs::is_regular_file(dir / "index.js", ec) && fs::is_directory(dir / "declaration", ec)) return dir;
    return std::nullopt;
}

std::vector<std::string> udhr_languages(const fs::path& package_dir) {
    std::vector<std::string> codes;
    std::error_code ec;
    for (const auto& [ours, udhr] : map_udhr_codes(read_udhr_index(package_dir / "index.js")))
        if (fs::is_regular_file(package_dir / "declaration" / (udhr + ".html"), ec)) codes.push_back(ours);
    return codes;
}

}  // namespace layermoe
