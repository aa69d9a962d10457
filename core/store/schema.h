#pragma once
// The store's schema as numbered migration steps. Version N of a database means steps
// 1..N have been applied; PRAGMA user_version holds N.
#include <span>
#include <string_view>

namespace layermoe::sqlite {
class Database;
}

namespace layermoe::store_schema {

// Step i (0-based) takes a database from version i to version i + 1.
std::span<const std::string_view> migration_steps();

// The version this program writes: the number of migration steps.
int latest_version();

// Throws Error naming the file when it is not SQLite, not a store, or newer than this
// program; nothing is written before these checks pass.
void check_openable(sqlite::Database& db);

// Applies the missing steps and the new user_version in one write transaction, so a crash
// leaves the old schema intact. Returns the version found before migrating.
int migrate(sqlite::Database& db);

}  // namespace layermoe::store_schema
