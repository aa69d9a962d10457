#include "core/store/schema.h"

#include "core/common/error.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

#include <array>

#include <fmt/format.h>

namespace layermoe::store_schema {
namespace {

// v1: runs, their metrics, evaluation results and artifacts.
// metrics.value stays nullable: SQLite stores a NaN (a diverged loss) as NULL.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES runs(id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  config_json TEXT NOT NULL DEFAULT '{}',
  seed INTEGER NOT NULL DEFAULT 0,
  started TEXT NOT NULL,
  finished TEXT NOT NULL DEFAULT '',
  code_version TEXT NOT NULL DEFAULT '');
CREATE INDEX runs_parent ON runs(parent_id);
CREATE TABLE metrics(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  step INTEGER NOT NULL,
  language TEXT NOT NULL DEFAULT 'all',
  name TEXT NOT NULL,
  value REAL);
CREATE INDEX metrics_run_name_step ON metrics(run_id, name, step);
CREATE TABLE eval_results(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task TEXT NOT NULL,
  language TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL,
  n INTEGER NOT NULL DEFAULT 0);
CREATE INDEX eval_results_run ON eval_results(run_id);
CREATE TABLE artifacts(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL DEFAULT '');
CREATE INDEX artifacts_run ON artifacts(run_id);
)sql";

// v2: which process owns a running run (so a crash can be told from a live run), and the
// language groups of a run.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN pid_start INTEGER;
ALTER TABLE runs ADD COLUMN boot_id TEXT;
CREATE INDEX runs_status ON runs(status);
CREATE TABLE languages(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  grp TEXT NOT NULL,
  PRIMARY KEY(run_id, code));
)sql";

// v3: what an analysis measured (similarity matrices per layer, the layer scores) and what an
// allocation decided (experts and classifier per layer).
constexpr std::string_view kV3 = R"sql(
CREATE TABLE similarity(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  layer INTEGER NOT NULL,
  lang_a TEXT NOT NULL,
  lang_b TEXT NOT NULL,
  value REAL,
  PRIMARY KEY(run_id, kind, layer, lang_a, lang_b));
CREATE TABLE similarity_counts(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  layer INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  language TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(run_id, kind, layer, language));
CREATE TABLE layer_scores(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  layer INTEGER NOT NULL,
  s_new_new REAL,
  s_new_old REAL,
  s REAL,
  PRIMARY KEY(run_id, kind, layer));
CREATE TABLE allocations(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer INTEGER NOT NULL,
  s REAL,
  experts INTEGER NOT NULL,
  classifier INTEGER NOT NULL,
  PRIMARY KEY(run_id, layer));
)sql";

// v4: the store's own identity, a random id made once. A model folder records it with the run
// that made it, so a copied or moved workspace still finds its models' runs (paths change, the
// id travels with the file). Artifacts inside the store's folder are kept relative to it
// (in_store_folder = 1), for the same reason.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE store_info(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
INSERT INTO store_info(key, value) VALUES('id', lower(hex(randomblob(16))));
ALTER TABLE artifacts ADD COLUMN in_store_folder INTEGER NOT NULL DEFAULT 0;
)sql";

// v5: what an evaluation measured per unit (a held-out document's bits and bytes, a task item's
// score), which intervals and paired comparisons resample (core/report/stats.h).
constexpr std::string_view kV5 = R"sql(
CREATE TABLE eval_units(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task TEXT NOT NULL,
  language TEXT NOT NULL,
  metric TEXT NOT NULL,
  unit INTEGER NOT NULL,
  value REAL,
  weight REAL NOT NULL,
  PRIMARY KEY(run_id, task, language, metric, unit));
)sql";

constexpr std::array<std::string_view, 5> kSteps = {kV1, kV2, kV3, kV4, kV5};
static_assert(kSteps.size() == Store::kSchemaVersion, "one migration step per schema version");

bool has_tables(sqlite::Database& db) {
    return db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") > 0;
}

void apply_step(sqlite::Database& db, int step) {
    try {
        db.exec(kSteps[static_cast<size_t>(step)]);
    } catch (const Error& e) {
        throw Error(fmt::format("{} (while migrating the schema to version {}; the file is "
                                "unchanged)",
                                e.what(), step + 1));
    }
}

}  // namespace

std::span<const std::string_view> migration_steps() { return kSteps; }

int latest_version() { return static_cast<int>(kSteps.size()); }

void check_openable(sqlite::Database& db) {
    const auto version = static_cast<int>(db.query_int("PRAGMA user_version"));
    if (version > latest_version())
        throw Error(fmt::format("{}: schema version {} is newer than this program ({}); open it "
                                "with a newer LayerMoE Workbench",
                                db.name(), version, latest_version()));
    if (version == 0 && has_tables(db))
        throw Error(fmt::format("{}: an SQLite database, but not a LayerMoE experiment store "
                                "(it has tables and no schema version)",
                                db.name()));
}

int migrate(sqlite::Database& db) {
    sqlite::Transaction tx(db);
    // Read again under the write lock: another process may have migrated meanwhile.
    check_openable(db);
    const auto found = static_cast<int>(db.query_int("PRAGMA user_version"));
    for (int step = found; step < latest_version(); ++step) apply_step(db, step);
    if (found < latest_version()) db.exec(fmt::format("PRAGMA user_version = {}", latest_version()));
    tx.commit();
    return found;
}

}  // namespace layermoe::store_schema
