#include "core/common/error.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

#include <set>

#include <fmt/format.h>

namespace layermoe {
namespace {

constexpr std::string_view kSelectRuns =
    "SELECT id, parent_id, kind, status, config_json, seed, name, started, finished, "
    "code_version FROM runs";

RunRecord read_run(const sqlite::Statement& row, const std::string& file) {
    RunRecord run;
    run.id = row.column_int(0);
    run.parent = row.column_optional_int(1);
    run.kind = parse_run_kind(row.column_text(2));
    const std::string status = row.column_text(3);
    const auto parsed = parse_run_status(status);
    if (!parsed) throw Error(fmt::format("{}: run {} has an unknown status \"{}\"", file, run.id, status));
    run.status = *parsed;
    try {
        run.config = nlohmann::json::parse(row.column_text(4));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: run {} has a config that is not JSON: {}", file, run.id, e.what()));
    }
    run.seed = static_cast<uint64_t>(row.column_int(5));
    run.name = row.column_text(6);
    run.started = row.column_text(7);
    run.finished = row.column_text(8);
    run.code_version = row.column_text(9);
    return run;
}

void reject_duplicate_codes(const RunLanguages& code_group, const std::string& file, int64_t run) {
    std::set<std::string_view> seen;
    for (const auto& entry : code_group)
        if (!seen.insert(entry.first).second)
            throw Error(fmt::format("{}: language {} is listed twice for run {}", file, entry.first, run));
}

}  // namespace

void Store::add_eval_result(const EvalResult& r) {
    require_run(r.run, "evaluation result for run");
    sqlite::Statement insert(*db_, "INSERT INTO eval_results(run_id, task, language, metric, "
                                   "value, n) VALUES(?, ?, ?, ?, ?, ?)");
    insert.bind(1, r.run).bind(2, r.task).bind(3, r.language).bind(4, r.metric);
    insert.bind(5, r.value).bind(6, r.n).run();
}

void Store::add_eval_units(int64_t run, const EvalUnits& u) {
    require_run(run, "evaluation units for run");
    if (u.value.size() != u.weight.size())
        throw Error(fmt::format("{}: run {} {} {} {}: {} values but {} weights", path_.string(), run, u.task,
                                u.language, u.metric, u.value.size(), u.weight.size()));
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_,
                            "DELETE FROM eval_units WHERE run_id = ? AND task = ? AND language = ? AND metric = ?");
    erase.bind(1, run).bind(2, u.task).bind(3, u.language).bind(4, u.metric).run();
    sqlite::Statement insert(*db_, "INSERT INTO eval_units(run_id, task, language, metric, unit, value, weight) "
                                   "VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < u.value.size(); ++i) {
        insert.bind(1, run).bind(2, u.task).bind(3, u.language).bind(4, u.metric);
        insert.bind(5, int64_t(i)).bind(6, u.value[i]).bind(7, u.weight[i]).run();
    }
    tx.commit();
}

void Store::clear_eval_results(int64_t run, std::string_view task) {
    require_run(run, "evaluation results of run");
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_, "DELETE FROM eval_results WHERE run_id = ? AND task = ?");
    erase.bind(1, run).bind(2, std::string(task)).run();
    sqlite::Statement erase_units(*db_, "DELETE FROM eval_units WHERE run_id = ? AND task = ?");
    erase_units.bind(1, run).bind(2, std::string(task)).run();
    tx.commit();
}

void Store::add_artifact(const Artifact& a) {
    require_run(a.run, "artifact for run");
    // Relative paths are the caller's (relative to the working folder), as before.
    std::string path = a.path;
    int64_t in_store_folder = 0;
    std::error_code ec;
    const auto folder = std::filesystem::absolute(path_, ec).parent_path().lexically_normal();
    const auto file = std::filesystem::absolute(a.path, ec).lexically_normal();
    if (const auto inside = file.lexically_relative(folder);
        !a.path.empty() && !ec && !inside.empty() && *inside.begin() != "..") {
        path = inside.generic_string();
        in_store_folder = 1;
    }
    sqlite::Statement insert(*db_, "INSERT INTO artifacts(run_id, path, kind, sha256, "
                                   "in_store_folder) VALUES(?, ?, ?, ?, ?)");
    insert.bind(1, a.run).bind(2, path).bind(3, a.kind).bind(4, a.sha256).bind(5, in_store_folder).run();
}

void Store::set_run_languages(int64_t run, const RunLanguages& code_group) {
    require_run(run, "languages for run");
    reject_duplicate_codes(code_group, path_.string(), run);
    sqlite::Transaction tx(*db_);
    sqlite::Statement erase(*db_, "DELETE FROM languages WHERE run_id = ?");
    erase.bind(1, run).run();
    sqlite::Statement insert(*db_, "INSERT INTO languages(run_id, ord, code, grp) "
                                   "VALUES(?, ?, ?, ?)");
    int64_t ord = 0;
    for (const auto& [code, group] : code_group) insert.bind(1, run).bind(2, ord++).bind(3, code).bind(4, group).run();
    tx.commit();
}

std::optional<RunRecord> Store::run_of_model(const nlohmann::json& model_meta) const {
    if (!model_meta.is_object() || !model_meta.contains("store") || !model_meta.at("store").is_string())
        return std::nullopt;
    const auto id = model_meta.value("run_id", int64_t{0});
    if (const auto store_id = model_meta.find("store_id");
        store_id != model_meta.end() && store_id->is_string() && !store_id->get<std::string>().empty())
        return store_id->get<std::string>() == id_ && id > 0 ? get_run(id) : std::nullopt;
    const std::string recorded = model_meta.at("store").get<std::string>();
    std::error_code ec;
    if (recorded.empty() ||
        std::filesystem::weakly_canonical(recorded, ec) != std::filesystem::weakly_canonical(path_, ec))
        return std::nullopt;
    return id > 0 ? get_run(id) : std::nullopt;
}

nlohmann::json model_run_meta(const Store* store, int64_t run) {
    return {{"run_id", store ? run : 0},
            {"store_id", store ? store->id() : std::string()},
            {"store", store ? std::filesystem::absolute(store->path()).string() : std::string()}};
}

std::vector<RunRecord> Store::list_runs() const {
    sqlite::Statement select(*db_, fmt::format("{} ORDER BY id", kSelectRuns));
    std::vector<RunRecord> runs;
    while (select.step()) runs.push_back(read_run(select, path_.string()));
    return runs;
}

std::optional<RunRecord> Store::get_run(int64_t id) const {
    sqlite::Statement select(*db_, fmt::format("{} WHERE id = ?", kSelectRuns));
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return read_run(select, path_.string());
}

std::vector<EvalResult> Store::eval_results(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT task, language, metric, value, n FROM eval_results "
                                   "WHERE run_id = ? ORDER BY rowid");
    select.bind(1, run);
    std::vector<EvalResult> results;
    while (select.step())
        results.push_back({run, select.column_text(0), select.column_text(1), select.column_text(2),
                           select.column_double(3), select.column_int(4)});
    return results;
}

std::vector<EvalUnits> Store::eval_units(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT task, language, metric, value, weight FROM eval_units "
                                   "WHERE run_id = ? ORDER BY task, language, metric, unit");
    select.bind(1, run);
    std::vector<EvalUnits> found;
    while (select.step()) {
        const std::string task = select.column_text(0), language = select.column_text(1),
                          metric = select.column_text(2);
        if (found.empty() || found.back().task != task || found.back().language != language ||
            found.back().metric != metric)
            found.push_back({task, language, metric, {}, {}});
        found.back().value.push_back(select.column_double(3));
        found.back().weight.push_back(select.column_double(4));
    }
    return found;
}

std::vector<Artifact> Store::artifacts(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT path, kind, sha256, in_store_folder FROM artifacts "
                                   "WHERE run_id = ? ORDER BY rowid");
    select.bind(1, run);
    std::vector<Artifact> found;
    std::error_code ec;
    const auto folder = std::filesystem::absolute(path_, ec).parent_path();
    while (select.step()) {
        std::filesystem::path path = select.column_text(0);
        if (select.column_int(3) != 0) path = (folder / path).lexically_normal();
        found.push_back({run, path.string(), select.column_text(1), select.column_text(2)});
    }
    return found;
}

RunLanguages Store::run_languages(int64_t run) const {
    sqlite::Statement select(*db_, "SELECT code, grp FROM languages WHERE run_id = ? "
                                   "ORDER BY ord");
    select.bind(1, run);
    RunLanguages languages;
    while (select.step()) languages.emplace_back(select.column_text(0), select.column_text(1));
    return languages;
}

}  // namespace layermoe
