#pragma once
// Small RAII wrappers over the sqlite3 C API: a connection, a prepared statement and a
// write transaction. Every failure becomes layermoe::Error naming the database file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace layermoe::sqlite {

class Database {
public:
    // Opens (creating if needed) read-write; `busy_timeout_ms` lets writers wait for each other.
    Database(const std::filesystem::path& file, int busy_timeout_ms);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements that return no rows we need.
    void exec(std::string_view sql);
    // First column of the first row as an integer (PRAGMA user_version and friends).
    int64_t query_int(std::string_view sql);
    std::string query_text(std::string_view sql);
    int64_t last_insert_id() const;
    int64_t changes() const;
    // False when the file exists but is not an SQLite database (its header is wrong). Asks
    // SQLite itself, through this connection: reading the header through a second descriptor
    // of the same file (an ifstream) would, on closing, drop every POSIX lock this process
    // holds on it, and another process could then delete the WAL under our connections.
    bool is_database();

    // "<file>: <what>: <sqlite message>", the text of every Error this connection throws.
    [[noreturn]] void fail(std::string_view what) const;
    // SQLite's message for the last failure; for a failed read or write of the files (a full
    // disk, a file size limit, a read-only folder) also the system's reason and what became of
    // the data (docs/errors.md).
    std::string error_text() const;
    const std::string& name() const { return name_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string name_;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Bind by 1-based index; returns *this so calls chain.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, std::optional<int64_t> value);
    Statement& bind_null(int index);

    // Steps once: true while a row is available, false when done.
    bool step();
    // Runs to completion a statement that returns no rows.
    void run();
    void reset();

    int64_t column_int(int col) const;
    std::optional<int64_t> column_optional_int(int col) const;
    // NULL reads back as NaN: SQLite stores a bound NaN as NULL.
    double column_double(int col) const;
    std::string column_text(int col) const;

private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half-way with
// SQLITE_BUSY when upgrading from read to write; rolls back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace layermoe::sqlite
