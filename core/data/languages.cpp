#include "core/data/languages.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/language_table.h"
#include "core/data/text_util.h"

namespace layermoe {

namespace {

std::vector<LanguageInfo> build_table() {
    std::vector<LanguageInfo> table;
    for (auto rows : {detail::flores_language_rows(), detail::udhr_only_language_rows()})
        for (const auto& r : rows) table.push_back({r.code, r.name, r.script});
    return table;
}

const std::unordered_map<std::string_view, size_t>& index_by_code() {
    static const auto index = [] {
        std::unordered_map<std::string_view, size_t> m;
        const auto& table = known_languages();
        for (size_t i = 0; i < table.size(); ++i) m.emplace(table[i].code, i);
        return m;
    }();
    return index;
}

// A hint for the usual slips: wrong case, or a language name typed instead of its code.
std::string suggestion_for(std::string_view code) {
    const std::string wanted = to_lower_ascii(code);
    // Codes other corpora use for languages FLORES names differently.
    for (auto [alias, ours] :
         {std::pair{"cmn", "zho_simpl"}, {"zho", "zho_simpl"}, {"zh", "zho_simpl"}, {"nep", "npi"}})
        if (wanted == alias) return fmt::format("did you mean '{}'? ", ours);
    for (const auto& lang : known_languages())
        if (lang.code == wanted || to_lower_ascii(lang.name) == wanted)
            return fmt::format("did you mean '{}' ({})? ", lang.code, lang.name);
    return {};
}

std::string flores_code_list() {
    std::vector<std::string> codes;
    for (const auto& r : detail::flores_language_rows()) codes.emplace_back(r.code);
    return join(codes, ", ");
}

void check_no_duplicates(const std::vector<std::string>& codes, std::string_view where) {
    for (size_t i = 0; i < codes.size(); ++i)
        if (std::find(codes.begin(), codes.begin() + i, codes[i]) != codes.begin() + i)
            throw Error(fmt::format("language '{}' is listed twice in {}", codes[i], where));
}

}  // namespace

const std::vector<LanguageInfo>& known_languages() {
    static const std::vector<LanguageInfo> table = build_table();
    return table;
}

const LanguageInfo* find_language(std::string_view code) {
    const auto& index = index_by_code();
    auto it = index.find(code);
    return it == index.end() ? nullptr : &known_languages()[it->second];
}

bool is_flores_language(std::string_view code) {
    const auto* lang = find_language(code);
    return lang && size_t(lang - known_languages().data()) < detail::flores_language_rows().size();
}

void require_known_language(std::string_view code) {
    if (find_language(code)) return;
    const size_t n_other = known_languages().size() - detail::flores_language_rows().size();
    throw Error(fmt::format("unknown language code '{}' ({}known: {}, and {} other ISO 639-3 codes "
                            "of UDHR translations)",
                            code, suggestion_for(code), flores_code_list(), n_other));
}

std::vector<std::string> parse_language_list(std::string_view csv) {
    std::vector<std::string> codes;
    if (trim(csv).empty()) return codes;
    for (std::string_view item : split(csv, ',')) {
        item = trim(item);
        if (item.empty())
            throw Error(fmt::format("empty item in language list '{}' (write codes separated by "
                                    "commas, e.g. eng,spa,zho_simpl)",
                                    csv));
        require_known_language(item);
        codes.emplace_back(item);
    }
    check_no_duplicates(codes, fmt::format("'{}'", csv));
    return codes;
}

std::string group_name(LanguageGroup group) {
    switch (group) {
    case LanguageGroup::Old: return "old";
    case LanguageGroup::New1: return "G1";
    case LanguageGroup::New2: return "G2";
    }
    throw Error(fmt::format("invalid language group {}", int(group)));
}

std::vector<std::string> LanguageGroups::all() const {
    std::vector<std::string> codes = old_langs;
    codes.insert(codes.end(), new1.begin(), new1.end());
    codes.insert(codes.end(), new2.begin(), new2.end());
    return codes;
}

std::optional<LanguageGroup> LanguageGroups::group_of(std::string_view code) const {
    auto has = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), code) != v.end(); };
    if (has(old_langs)) return LanguageGroup::Old;
    if (has(new1)) return LanguageGroup::New1;
    if (has(new2)) return LanguageGroup::New2;
    return std::nullopt;
}

nlohmann::json LanguageGroups::to_json() const { return {{"old", old_langs}, {"G1", new1}, {"G2", new2}}; }

LanguageGroups LanguageGroups::from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(fmt::format("{}: language groups must be an object", source));
    LanguageGroups g;
    auto read = [&](const char* key, std::vector<std::string>& out) {
        if (!j.contains(key)) return;
        try {
            out = j.at(key).get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception&) {
            throw Error(fmt::format("{}: language group \"{}\" must be a list of codes", source, key));
        }
    };
    read("old", g.old_langs);
    read("G1", g.new1);
    read("G2", g.new2);
    try {
        g.validate();
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", source, e.what()));
    }
    return g;
}

std::vector<std::pair<std::string, std::string>> LanguageGroups::tagged() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& code : all()) out.emplace_back(code, group_name(*group_of(code)));
    return out;
}

void LanguageGroups::validate() const {
    const std::pair<LanguageGroup, const std::vector<std::string>*> groups[] = {
        {LanguageGroup::Old, &old_langs}, {LanguageGroup::New1, &new1}, {LanguageGroup::New2, &new2}};
    std::unordered_map<std::string, LanguageGroup> seen;
    for (const auto& [group, codes] : groups) {
        for (const auto& code : *codes) {
            require_known_language(code);
            auto [it, fresh] = seen.emplace(code, group);
            if (!fresh)
                throw Error(fmt::format("language '{}' is listed twice in the language groups "
                                        "(in {} and in {}); each language belongs to one group",
                                        code, group_name(it->second), group_name(group)));
        }
    }
}

}  // namespace layermoe
