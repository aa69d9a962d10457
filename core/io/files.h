#pragma once
// File helpers every store and exporter shares: crash-safe writes, text reads, SHA-256.
#include <cstdint>
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

// A large file written in pieces (token shards: gigabytes, never held whole) and published the
// same crash-safe way: the pieces go to a temporary file in the same folder, commit() fsyncs it
// and renames it over `path`. Destroyed without commit(), it removes the temporary file.
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(std::filesystem::path path);  // Error naming `path` when it cannot be created
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
    void write(std::string_view bytes);  // buffered
    void commit();
    uint64_t bytes_written() const { return written_; }
    const std::filesystem::path& path() const { return path_; }

private:
    void flush_buffer();
    void start_writeback();
    std::filesystem::path path_, temp_;
    int fd_ = -1;
    std::string buffer_;
    uint64_t written_ = 0;
    uint64_t on_disk_ = 0;  // bytes given to write(2)
    uint64_t writeback_from_ = 0;  // bytes before this were handed to the disk's writeback
};

// While alive, this process alone writes `folder`: an advisory lock (flock(2)) on the file
// folder/.layermoe.lock, which the kernel releases when the process ends, however it ends, so a
// killed job never leaves the folder locked. The folder is created if missing. Another process
// holding it is an Error naming the folder and that process (its pid and `what` it is doing),
// before any work. The lock file itself stays, empty of meaning once no one holds it.
class FolderLock {
public:
    FolderLock(const std::filesystem::path& folder, std::string_view what);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_ = -1;
};
inline constexpr const char* kFolderLockFile = ".layermoe.lock";

// Whole file as bytes; Error naming `path` when it is missing, a folder, or unreadable.
std::string read_text_file(const std::filesystem::path& path);

// Lowercase hex SHA-256 of the file, read in chunks (files may be several GB).
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_hex(std::string_view bytes);

}  // namespace layermoe
