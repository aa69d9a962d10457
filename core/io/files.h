#pragma once
// File helpers every store and exporter shares: crash-safe writes, text reads, SHA-256.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace layermoe {

// Writes `bytes` to a temporary file in the same folder, fsyncs it and renames it over
// `path`, so readers see either the old file or the new one, never a torn one.
// Throws Error naming `path` on failure; the temporary file is removed.
void atomic_write_file(const std::filesystem::path& path, std::string_view bytes);

// Same, for content held in several buffers (a header and tensor data) without joining them.
void atomic_write_chunks(const std::filesystem::path& path, std::span<const std::string_view> chunks);

// Whole file as bytes; Error naming `path` when it is missing, a folder, or unreadable.
std::string read_text_file(const std::filesystem::path& path);

// Lowercase hex SHA-256 of the file, read in chunks (files may be several GB).
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_hex(std::string_view bytes);

}  // namespace layermoe
