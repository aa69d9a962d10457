#include "core/common/error.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

#include <algorithm>

#include <fmt/format.h>

namespace layermoe {
namespace {

constexpr std::string_view kInsertMetric =
    "INSERT INTO metrics(run_id, stage, step, language, name, value) VALUES(?, ?, ?, ?, ?, ?)";

// Stages come in the order they were first logged (rowid order), not alphabetically, so
// "warmup" precedes "stage1"; within a stage, steps ascend.
constexpr std::string_view kSelectAll = R"sql(
SELECT m.stage, m.step, m.language, m.name, m.value FROM metrics m
JOIN (SELECT stage, MIN(rowid) AS first FROM metrics WHERE run_id = ?1 GROUP BY stage) s
  ON s.stage = m.stage
WHERE m.run_id = ?1 ORDER BY s.first, m.step, m.rowid)sql";

constexpr std::string_view kSelectNamed = R"sql(
SELECT m.stage, m.step, m.language, m.name, m.value FROM metrics m
JOIN (SELECT stage, MIN(rowid) AS first FROM metrics WHERE run_id = ?1 AND name = ?2
      GROUP BY stage) s ON s.stage = m.stage
WHERE m.run_id = ?1 AND m.name = ?2 ORDER BY s.first, m.step, m.rowid)sql";

}  // namespace

void Store::log_metric(const MetricPoint& point) {
    if (!known_runs_.contains(point.run)) {
        require_run(point.run, "metric for run");
        known_runs_.insert(point.run);
    }
    const auto now = std::chrono::steady_clock::now();
    if (pending_.empty()) oldest_pending_ = now;
    pending_.push_back(point);
    if (pending_.size() >= batch_points_ || now - oldest_pending_ >= batch_age_) flush();
}

void Store::flush() {
    if (pending_.empty()) return;
    try {
        write_metrics();
    } catch (const Error& e) {
        throw Error(fmt::format("{} (while writing {} metric points; they stay buffered)", e.what(), pending_.size()));
    }
    pending_.clear();
}

// One transaction for the whole buffer: the commit, not the insert, is what costs.
void Store::write_metrics() {
    if (!insert_metric_) insert_metric_ = std::make_unique<sqlite::Statement>(*db_, kInsertMetric);
    sqlite::Transaction tx(*db_);
    for (const auto& p : pending_) {
        insert_metric_->bind(1, p.run).bind(2, p.stage).bind(3, p.step);
        insert_metric_->bind(4, p.language).bind(5, p.name).bind(6, p.value);
        insert_metric_->run();
    }
    tx.commit();
}

size_t Store::pending_metrics() const { return pending_.size(); }

void Store::set_metric_batching(size_t max_points, std::chrono::milliseconds max_age) {
    batch_points_ = std::max<size_t>(max_points, 1);
    batch_age_ = max_age;
    if (pending_.size() >= batch_points_) flush();
}

std::vector<MetricPoint> Store::metrics(int64_t run, std::string_view name) const {
    sqlite::Statement select(*db_, name.empty() ? kSelectAll : kSelectNamed);
    select.bind(1, run);
    if (!name.empty()) select.bind(2, name);
    std::vector<MetricPoint> points;
    while (select.step())
        points.push_back({run, select.column_text(0), select.column_int(1), select.column_text(2),
                          select.column_text(3), select.column_double(4)});
    return points;
}

int64_t Store::metric_count(int64_t run, std::string_view name) const {
    sqlite::Statement select(*db_, name.empty() ? "SELECT count(*) FROM metrics WHERE run_id = ?1"
                                                : "SELECT count(*) FROM metrics WHERE run_id = ?1 AND "
                                                  "name = ?2");
    select.bind(1, run);
    if (!name.empty()) select.bind(2, name);
    return select.step() ? select.column_int(0) : 0;
}

}  // namespace layermoe
