#pragma once
// Language codes, names and scripts, and the old / new language groups of an experiment.
// Codes are the FLORES-101 ones (ISO 639-3, plus zho_simpl / zho_trad) and the ISO 639-3 codes
// of the UDHR translations; the table is built in, so no corpus is needed to validate a code.
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe {

struct LanguageInfo {
    std::string code;  // "eng", "zho_simpl"
    std::string name;  // "English"
    std::string script;  // ISO 15924: "Latn", "Hans", "Grek", "Deva", "Cyrl", "Arab", ...
};

const LanguageInfo* find_language(std::string_view code);  // nullptr when unknown
const std::vector<LanguageInfo>& known_languages();  // FLORES-101 codes first, then UDHR-only
bool is_flores_language(std::string_view code);

// Throws Error "unknown language code 'xx' (known: ...)" unless code is in known_languages().
void require_known_language(std::string_view code);

// "eng,spa, zho_simpl" -> {"eng","spa","zho_simpl"}; items are trimmed. A blank string gives an
// empty list; empty items, duplicates and unknown codes are errors.
std::vector<std::string> parse_language_list(std::string_view csv);

enum class LanguageGroup { Old = 0, New1 = 1, New2 = 2 };
std::string group_name(LanguageGroup);  // "old", "G1", "G2"

struct LanguageGroups {
    std::vector<std::string> old_langs, new1, new2;
    std::vector<std::string> all() const;  // old, then new1, then new2
    std::optional<LanguageGroup> group_of(std::string_view code) const;
    void validate() const;  // Error on unknown codes or a language listed twice
    // {"old": [...], "G1": [...], "G2": [...]}; from_json: Error naming `source` on bad input.
    nlohmann::json to_json() const;
    static LanguageGroups from_json(const nlohmann::json& j, const std::string& source);
    // Groups as the store records them: (code, "old" | "G1" | "G2") in all() order.
    std::vector<std::pair<std::string, std::string>> tagged() const;
};

}  // namespace layermoe
