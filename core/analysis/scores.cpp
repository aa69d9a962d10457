#include "core/analysis/scores.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/text_util.h"
#include "core/io/csv.h"
#include "core/io/files.h"

namespace layermoe {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_group(const std::vector<std::string>& langs, std::string_view group) {
    if (langs.empty())
        throw Error(fmt::format("no {} languages given: the similarity scores compare new languages "
                                "with each other and with the old ones",
                                group));
    for (size_t i = 0; i < langs.size(); ++i)
        if (std::find(langs.begin(), langs.begin() + i, langs[i]) != langs.begin() + i)
            throw Error(fmt::format("language '{}' is listed twice in the {} languages", langs[i], group));
}

void check_groups(const std::vector<std::string>& old_langs, const std::vector<std::string>& new_langs) {
    check_group(old_langs, "old");
    check_group(new_langs, "new");
    for (const auto& lang : new_langs)
        if (std::find(old_langs.begin(), old_langs.end(), lang) != old_langs.end())
            throw Error(fmt::format("language '{}' is in both the old and the new languages", lang));
}

void check_matrix_shape(const SimilarityMatrix& m) {
    if (m.values.size() != m.size() * m.size())
        throw Error(fmt::format("layer {} has {} similarity values for {} languages (expected {})", m.layer,
                                m.values.size(), m.size(), m.size() * m.size()));
}

LayerScore score_of_layer(const SimilarityMatrix& m, const std::vector<std::string>& old_langs,
                          const std::vector<std::string>& new_langs) {
    check_matrix_shape(m);
    double new_new = 0;
    for (size_t a = 0; a < new_langs.size(); ++a)
        for (size_t b = a + 1; b < new_langs.size(); ++b) new_new += m.at(new_langs[a], new_langs[b]);
    const size_t n_new_new = new_langs.size() * (new_langs.size() - 1) / 2;
    double new_old = 0;
    for (const auto& n : new_langs)
        for (const auto& o : old_langs) new_old += m.at(n, o);
    new_old /= double(new_langs.size() * old_langs.size());
    return make_layer_score(m.layer, n_new_new ? new_new / double(n_new_new) : kNaN, new_old);
}

struct CsvColumns {
    size_t count = 0;  // fields per row
    size_t layer = 0, s_new_new = 0, s_new_old = 0;
};

struct CsvRow {
    size_t line = 0;
    LayerScore score;
};

std::string where(const std::filesystem::path& file, size_t line) { return fmt::format("{}:{}", file.string(), line); }

CsvColumns parse_header(const std::filesystem::path& file, size_t line, std::string_view text) {
    std::vector<std::string> names;
    for (std::string_view field : split(text, ',')) names.emplace_back(trim(field));
    auto column = [&](std::string_view name) {
        const auto first = std::find(names.begin(), names.end(), name);
        if (first == names.end())
            throw Error(fmt::format("{}: the header has no column '{}' (it has: {}; expected at least "
                                    "layer,s_new_new,s_new_old)",
                                    where(file, line), name, join(names, ", ")));
        if (std::find(first + 1, names.end(), name) != names.end())
            throw Error(fmt::format("{}: the header names column '{}' twice", where(file, line), name));
        return size_t(first - names.begin());
    };
    return {names.size(), column("layer"), column("s_new_new"), column("s_new_old")};
}

int64_t parse_layer(const std::filesystem::path& file, size_t line, std::string_view field) {
    int64_t layer = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), layer);
    if (ec != std::errc() || end != field.data() + field.size() || field.empty())
        throw Error(fmt::format("{}: layer '{}' is not a whole number", where(file, line), field));
    if (layer < 0) throw Error(fmt::format("{}: layer {} is negative (layers count from 0)", where(file, line), layer));
    return layer;
}

double parse_similarity(const std::filesystem::path& file, size_t line, std::string_view name, std::string_view field) {
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || field.empty())
        throw Error(fmt::format("{}: {} '{}' is not a number", where(file, line), name, field));
    if (!std::isfinite(value) || value <= 0)
        throw Error(fmt::format("{}: {} {} must be a finite number > 0 (the allocation divides by the "
                                "similarity)",
                                where(file, line), name, field));
    return value;
}

CsvRow parse_row(const std::filesystem::path& file, size_t line, std::string_view text, const CsvColumns& columns) {
    std::vector<std::string_view> fields = split(text, ',');
    if (fields.size() != columns.count)
        throw Error(fmt::format("{}: {} fields, but the header has {} columns", where(file, line), fields.size(),
                                columns.count));
    for (auto& field : fields) field = trim(field);
    const std::string_view new_new = fields[columns.s_new_new];
    return {line, make_layer_score(parse_layer(file, line, fields[columns.layer]),
                                   new_new.empty() ? kNaN : parse_similarity(file, line, "s_new_new", new_new),
                                   parse_similarity(file, line, "s_new_old", fields[columns.s_new_old]))};
}

// Rows may come in any order; they must cover 0..L-1 exactly once.
void check_layers_complete(const std::filesystem::path& file, std::vector<CsvRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const CsvRow& a, const CsvRow& b) { return a.score.layer < b.score.layer; });
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i].score.layer == rows[i - 1].score.layer)
            throw Error(fmt::format("{}: layer {} is repeated (first on line {})", where(file, rows[i].line),
                                    rows[i].score.layer, rows[i - 1].line));
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].score.layer != int64_t(i))
            throw Error(fmt::format("{}: layer {} is missing ({} rows must hold layers 0 to {}, each once)",
                                    file.string(), i, rows.size(), rows.size() - 1));
}

}  // namespace

size_t SimilarityMatrix::index_of(std::string_view language) const {
    const auto it = std::find(languages.begin(), languages.end(), language);
    if (it == languages.end())
        throw Error(fmt::format("layer {} has no language '{}' (it has: {})", layer, language, join(languages, ", ")));
    return size_t(it - languages.begin());
}

double SimilarityMatrix::at(std::string_view a, std::string_view b) const { return at(index_of(a), index_of(b)); }

std::vector<LayerScore> layer_scores(const SimilarityReport& report, const std::vector<std::string>& old_langs,
                                     const std::vector<std::string>& new_langs) {
    check_groups(old_langs, new_langs);
    if (report.layers.empty()) throw Error("the similarity report has no layers");
    std::vector<LayerScore> scores;
    scores.reserve(report.layers.size());
    for (const auto& matrix : report.layers) scores.push_back(score_of_layer(matrix, old_langs, new_langs));
    return scores;
}

LayerScore make_layer_score(int64_t layer, double s_new_new, double s_new_old) {
    const double s = std::isnan(s_new_new) ? s_new_old : (s_new_new + s_new_old) / 2;
    return {layer, s_new_new, s_new_old, s};
}

std::vector<LayerScore> read_scores_csv(const std::filesystem::path& file) {
    const std::string bytes = read_text_file(file);
    std::string_view content = bytes;
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);  // spreadsheets write a UTF-8 BOM
    std::optional<CsvColumns> columns;
    std::vector<CsvRow> rows;
    size_t line = 0;
    for (std::string_view text : split(content, '\n')) {
        ++line;
        text = trim(text);
        if (text.empty()) continue;
        if (!columns)
            columns = parse_header(file, line, text);
        else
            rows.push_back(parse_row(file, line, text, *columns));
    }
    if (!columns)
        throw Error(fmt::format("scores file {} is empty (expected a header such as layer,s_new_new,s_new_old "
                                "and one row per layer)",
                                file.string()));
    if (rows.empty()) throw Error(fmt::format("scores file {} has a header but no rows", file.string()));
    check_layers_complete(file, rows);
    std::vector<LayerScore> scores;
    scores.reserve(rows.size());
    for (const auto& row : rows) scores.push_back(row.score);
    return scores;
}

void write_scores_csv(const std::filesystem::path& file, const std::vector<LayerScore>& scores) {
    CsvWriter csv({"layer", "s_new_new", "s_new_old", "s"});
    for (const auto& score : scores) {
        csv.integer(score.layer)
            .number(score.s_new_new)
            .number(score.s_new_old)
            .number(score.s);  // s_new_new: empty when NaN
        csv.end_row();
    }
    csv.write(file);
}

}  // namespace layermoe
