#pragma once
// SQLite's own integrity check of a store file, for tests that damage or starve a store.
#include <QString>

#include <sqlite3.h>
#include <string>

// "ok", or what SQLite found (or why it could not open the file).
inline std::string integrity(const QString& file) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        out = db ? sqlite3_errmsg(db) : "cannot open";
    } else {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
            while (sqlite3_step(stmt) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        } else {
            out = sqlite3_errmsg(db);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return out;
}
