// Analysis results in the store: similarity matrices, layer scores, allocations.
#include "core/common/error.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

#include <limits>
#include <map>

#include <fmt/format.h>

namespace layermoe {

void Store::save_similarity(int64_t run, const SimilarityReport& report) {
    require_run(run, "similarity for run");
    sqlite::Transaction tx(*db_);
    for (const char* table : {"similarity", "similarity_counts"}) {
        sqlite::Statement erase(*db_, fmt::format("DELETE FROM {} WHERE run_id = ? AND kind = ?", table));
        erase.bind(1, run).bind(2, report.kind).run();
    }
    sqlite::Statement value(*db_, "INSERT INTO similarity(run_id, kind, layer, lang_a, lang_b, value) "
                                  "VALUES(?, ?, ?, ?, ?, ?)");
    sqlite::Statement count(*db_, "INSERT INTO similarity_counts(run_id, kind, layer, ord, language, "
                                  "count) VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto& m : report.layers) {
        if (m.values.size() != m.size() * m.size() || m.counts.size() != m.size())
            throw Error(fmt::format("{}: similarity of layer {} is malformed ({} languages, {} values, "
                                    "{} counts)",
                                    path_.string(), m.layer, m.size(), m.values.size(), m.counts.size()));
        for (size_t a = 0; a < m.size(); ++a) {
            count.bind(1, run).bind(2, report.kind).bind(3, m.layer).bind(4, static_cast<int64_t>(a));
            count.bind(5, m.languages[a]).bind(6, m.counts[a]).run();
            for (size_t b = 0; b < m.size(); ++b) {
                value.bind(1, run).bind(2, report.kind).bind(3, m.layer).bind(4, m.languages[a]);
                value.bind(5, m.languages[b]).bind(6, m.at(a, b)).run();
            }
        }
    }
    tx.commit();
}

std::optional<SimilarityReport> Store::similarity(int64_t run, std::string_view kind) const {
    SimilarityReport report;
    report.kind = std::string(kind);
    sqlite::Statement counts(*db_, "SELECT layer, language, count FROM similarity_counts "
                                   "WHERE run_id = ? AND kind = ? ORDER BY layer, ord");
    counts.bind(1, run).bind(2, kind);
    while (counts.step()) {
        const int64_t layer = counts.column_int(0);
        if (report.layers.empty() || report.layers.back().layer != layer) {
            report.layers.emplace_back();
            report.layers.back().layer = layer;
        }
        report.layers.back().languages.push_back(counts.column_text(1));
        report.layers.back().counts.push_back(counts.column_int(2));
    }
    if (report.layers.empty()) return std::nullopt;
    std::map<int64_t, size_t> layer_index;
    for (size_t i = 0; i < report.layers.size(); ++i) {
        auto& m = report.layers[i];
        layer_index[m.layer] = i;
        m.values.assign(m.size() * m.size(), std::numeric_limits<double>::quiet_NaN());
    }
    sqlite::Statement values(*db_, "SELECT layer, lang_a, lang_b, value FROM similarity "
                                   "WHERE run_id = ? AND kind = ?");
    values.bind(1, run).bind(2, kind);
    size_t filled = 0;
    while (values.step()) {
        const auto it = layer_index.find(values.column_int(0));
        if (it == layer_index.end()) continue;
        auto& m = report.layers[it->second];
        m.values[m.index_of(values.column_text(1)) * m.size() + m.index_of(values.column_text(2))] =
            values.column_double(3);
        ++filled;
    }
    size_t expected = 0;
    for (const auto& m : report.layers) expected += m.values.size();
    if (filled != expected)
        throw Error(fmt::format("{}: the {} similarity of run {} has {} of its {} values", path_.string(), kind, run,
                                filled, expected));
    return report;
}

std::vector<std::string> Store::similarity_kinds(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT DISTINCT kind FROM similarity_counts WHERE run_id = ? "
                                   "ORDER BY kind DESC");
    select.bind(1, run);
    std::vector<std::string> kinds;
    while (select.step()) kinds.push_back(select.column_text(0));
    return kinds;
}

void Store::save_layer_scores(int64_t run, std::string_view kind, const std::vector<LayerScore>& scores) {
    require_run(run, "layer scores for run");
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_, "DELETE FROM layer_scores WHERE run_id = ? AND kind = ?");
    erase.bind(1, run).bind(2, kind).run();
    sqlite::Statement insert(*db_, "INSERT INTO layer_scores(run_id, kind, layer, s_new_new, "
                                   "s_new_old, s) VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto& s : scores) {
        insert.bind(1, run).bind(2, kind).bind(3, s.layer).bind(4, s.s_new_new);
        insert.bind(5, s.s_new_old).bind(6, s.s).run();
    }
    tx.commit();
}

std::vector<LayerScore> Store::layer_scores(int64_t run, std::string_view kind) const {
    sqlite::Statement select(*db_, "SELECT layer, s_new_new, s_new_old, s FROM layer_scores "
                                   "WHERE run_id = ? AND kind = ? ORDER BY layer");
    select.bind(1, run).bind(2, kind);
    std::vector<LayerScore> scores;
    while (select.step())
        scores.push_back(
            {select.column_int(0), select.column_double(1), select.column_double(2), select.column_double(3)});
    return scores;
}

void Store::save_allocation(int64_t run, const Allocation& allocation) {
    require_run(run, "allocation for run");
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_, "DELETE FROM allocations WHERE run_id = ?");
    erase.bind(1, run).run();
    sqlite::Statement insert(*db_, "INSERT INTO allocations(run_id, layer, s, experts, classifier) "
                                   "VALUES(?, ?, ?, ?, ?)");
    for (const auto& l : allocation.layers) {
        insert.bind(1, run).bind(2, l.layer).bind(3, l.s).bind(4, l.experts);
        insert.bind(5, int64_t{l.classifier ? 1 : 0}).run();
    }
    tx.commit();
}

std::vector<LayerAllocation> Store::allocation(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT layer, s, experts, classifier FROM allocations "
                                   "WHERE run_id = ? ORDER BY layer");
    select.bind(1, run);
    std::vector<LayerAllocation> layers;
    while (select.step()) {
        LayerAllocation l;
        l.layer = select.column_int(0);
        l.s = select.column_double(1);
        l.experts = select.column_int(2);
        l.new_experts = l.experts - 1;
        l.classifier = select.column_int(3) != 0;
        layers.push_back(l);
    }
    return layers;
}

}  // namespace layermoe
