#include "core/store/sqlite_util.h"

#include "core/common/error.h"

#include <cstring>
#include <limits>

#include <fmt/format.h>
#include <sqlite3.h>

namespace layermoe::sqlite {

Database::Database(const std::filesystem::path& file, int busy_timeout_ms) : name_(file.string()) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(name_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? error_text() : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(fmt::format("{}: cannot open: {}", name_, message));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Database::~Database() {
    // Statements are owned by RAII objects that die first; close_v2 tolerates stragglers.
    sqlite3_close_v2(db_);
}

std::string Database::error_text() const {
    std::string message = sqlite3_errmsg(db_);
    const int code = sqlite3_extended_errcode(db_) & 0xff;
    if (code != SQLITE_IOERR && code != SQLITE_FULL && code != SQLITE_READONLY && code != SQLITE_CANTOPEN)
        return message;
    if (const int err = sqlite3_system_errno(db_); err != 0) message += fmt::format(" ({})", std::strerror(err));
    // A failed write rolls its transaction back: what was committed before stays.
    return message + (code == SQLITE_READONLY || code == SQLITE_CANTOPEN
                          ? "; the store's folder must be writable"
                          : "; the store keeps what it held before: free some disk space and run again");
}

void Database::fail(std::string_view what) const {
    throw Error(fmt::format("{}: {}: {}", name_, what, error_text()));
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string detail = message ? error_text() : "unknown error";
        sqlite3_free(message);
        throw Error(fmt::format("{}: {}", name_, detail));
    }
}

int64_t Database::query_int(std::string_view sql) {
    Statement stmt(*this, sql);
    return stmt.step() ? stmt.column_int(0) : 0;
}

std::string Database::query_text(std::string_view sql) {
    Statement stmt(*this, sql);
    return stmt.step() ? stmt.column_text(0) : std::string();
}

bool Database::is_database() {
    // Reading the schema reads page 1; SQLite answers SQLITE_NOTADB when its header is wrong.
    const int rc = sqlite3_exec(db_, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return true;
    if ((rc & 0xff) == SQLITE_NOTADB) return false;
    fail("cannot read the schema");
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::changes() const { return sqlite3_changes64(db_); }

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) db_.fail(fmt::format("cannot prepare \"{}\"", sql));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("cannot bind an integer");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) db_.fail("cannot bind a number");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    const int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) db_.fail("cannot bind a text");
    return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("cannot bind NULL");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Reset so the statement can be reused after the caller handles the Error.
    const std::string message = db_.error_text();
    sqlite3_reset(stmt_);
    throw Error(fmt::format("{}: {}", db_.name(), message));
}

void Statement::run() {
    while (step()) {}
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::optional<int64_t> Statement::column_optional_int(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return column_int(col);
}

double Statement::column_double(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(stmt_, col);
}

std::string Statement::column_text(int col) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (done_) return;
    // Best effort: a failed rollback leaves SQLite to roll back when the connection closes.
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace layermoe::sqlite
