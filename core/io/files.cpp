#include "core/io/files.h"

#include "core/common/error.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace layermoe {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) { return std::strerror(err); }

// Closes the descriptor on every exit path.
struct FdGuard {
    int fd = -1;
    ~FdGuard() {
        if (fd >= 0) ::close(fd);
    }
};

fs::path temp_path_for(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string name =
        fmt::format(".{}.tmp-{}-{}-{}", path.filename().string(), ::getpid(), counter++, ticks % 1000000);
    return path.parent_path() / name;
}

void write_all(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(fmt::format("{}: cannot write: {}", path.string(), errno_text(errno)));
        bytes.remove_prefix(size_t(n));
    }
}

// Makes the rename itself durable; failure here is not worth failing the write.
void fsync_parent(const fs::path& path) {
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    FdGuard dir{::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0) ::fsync(dir.fd);
}

int create_temp(const fs::path& path, fs::path& temp) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        temp = temp_path_for(path);
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            if (fd < 0)
                throw Error(fmt::format("{}: cannot create a temporary file in its folder: {}", path.string(),
                                        errno_text(errno)));
            return fd;
        }
    }
    throw Error(fmt::format("{}: cannot find a free temporary file name", path.string()));
}

void write_temp(int fd, const fs::path& path, std::span<const std::string_view> chunks) {
    for (std::string_view chunk : chunks) write_all(fd, chunk, path);
    if (::fsync(fd) != 0) throw Error(fmt::format("{}: cannot flush to disk: {}", path.string(), errno_text(errno)));
}

}  // namespace

void atomic_write_chunks(const fs::path& path, std::span<const std::string_view> chunks) {
    fs::path temp;
    FdGuard file{create_temp(path, temp)};
    try {
        write_temp(file.fd, path, chunks);
        const int fd = file.fd;
        file.fd = -1;
        if (::close(fd) != 0) throw Error(fmt::format("{}: cannot close: {}", path.string(), errno_text(errno)));
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw Error(fmt::format("{}: cannot replace it with the new file: {}", path.string(), errno_text(errno)));
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    fsync_parent(path);
}

void atomic_write_file(const fs::path& path, std::string_view bytes) {
    atomic_write_chunks(path, std::span<const std::string_view>(&bytes, 1));
}

namespace {
constexpr size_t kWriterBuffer = size_t(1) << 20;
constexpr uint64_t kWritebackBytes = uint64_t(8) << 20;
}  // namespace

AtomicFileWriter::AtomicFileWriter(fs::path path) : path_(std::move(path)) {
    fd_ = create_temp(path_, temp_);
    buffer_.reserve(kWriterBuffer);
}

AtomicFileWriter::~AtomicFileWriter() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_.c_str());
    }
}

void AtomicFileWriter::flush_buffer() {
    write_all(fd_, buffer_, path_);
    on_disk_ += buffer_.size();
    buffer_.clear();
    start_writeback();
}

// Starts writing what is written so far to disk, without waiting for it, every few MiB (as
// RocksDB's bytes_per_sync does): the disk then writes while the program computes, and commit()'s
// fsync finds little left to write. On token shards of 500 MB it took the final fsync from about
// 1 s to a small part of that. A hint only: commit()'s fsync reports errors.
void AtomicFileWriter::start_writeback() {
#ifdef __linux__
    if (on_disk_ - writeback_from_ < kWritebackBytes) return;
    ::sync_file_range(fd_, off64_t(writeback_from_), off64_t(on_disk_ - writeback_from_), SYNC_FILE_RANGE_WRITE);
    writeback_from_ = on_disk_;
#endif
}

void AtomicFileWriter::write(std::string_view bytes) {
    if (fd_ < 0) throw Error(fmt::format("{}: written after it was committed", path_.string()));
    written_ += bytes.size();
    if (buffer_.size() + bytes.size() > kWriterBuffer) flush_buffer();
    if (bytes.size() >= kWriterBuffer) {
        write_all(fd_, bytes, path_);
        on_disk_ += bytes.size();
        start_writeback();
    } else {
        buffer_.append(bytes);
    }
}

void AtomicFileWriter::commit() {
    if (fd_ < 0) throw Error(fmt::format("{}: committed twice", path_.string()));
    flush_buffer();
    if (::fsync(fd_) != 0) throw Error(fmt::format("{}: cannot flush to disk: {}", path_.string(), errno_text(errno)));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        ::unlink(temp_.c_str());
        throw Error(fmt::format("{}: cannot close: {}", path_.string(), errno_text(errno)));
    }
    if (::rename(temp_.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_.c_str());
        throw Error(fmt::format("{}: cannot replace it with the new file: {}", path_.string(), errno_text(err)));
    }
    fsync_parent(path_);
}

namespace {

int open_for_reading(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) throw Error(fmt::format("{}: file not found", path.string()));
    if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", path.string(), errno_text(errno)));
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        ::close(fd);
        throw Error(fmt::format("{}: is a folder, not a file", path.string()));
    }
    return fd;
}

// Calls `sink(std::string_view)` with successive pieces of the file.
template <typename Sink>
void read_chunks(const fs::path& path, size_t chunk_bytes, Sink&& sink) {
    FdGuard file{open_for_reading(path)};
    std::string buffer(chunk_bytes, '\0');
    for (;;) {
        const ssize_t n = ::read(file.fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
        if (n == 0) return;
        sink(std::string_view(buffer.data(), size_t(n)));
    }
}

}  // namespace

std::string read_text_file(const fs::path& path) {
    std::string text;
    read_chunks(path, size_t(1) << 18, [&](std::string_view piece) { text.append(piece); });
    return text;
}

namespace {

struct EvpMdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// SHA-256 through OpenSSL's EVP digest API (SHA-NI/AVX2 code where the CPU has it), fed
// incrementally so files need not fit in memory. Errors name `file`, when hashing one.
class Sha256 {
public:
    explicit Sha256(const fs::path* file = nullptr) : file_(file), ctx_(EVP_MD_CTX_new()) {
        if (!ctx_) fail("cannot allocate a digest context");
        if (EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) fail("cannot start SHA-256");
    }

    void update(std::string_view bytes) {
        if (!bytes.empty() && EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1)
            fail("cannot compute SHA-256");
    }

    std::string hex_digest() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &length) != 1) fail("cannot finish SHA-256");
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex(size_t(length) * 2, '\0');
        for (size_t i = 0; i < length; ++i) {
            hex[2 * i] = kHex[digest[i] >> 4];
            hex[2 * i + 1] = kHex[digest[i] & 0xf];
        }
        return hex;
    }

private:
    [[noreturn]] void fail(std::string_view action) const {
        std::array<char, 256> detail{};
        const unsigned long code = ERR_get_error();
        if (code != 0) ERR_error_string_n(code, detail.data(), detail.size());
        ERR_clear_error();
        throw Error(fmt::format("{}: {}{}{}", file_ ? file_->string() : "bytes in memory", action,
                                code != 0 ? ": " : "", detail.data()));
    }

    const fs::path* file_;
    std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree> ctx_;
};

// Reads for hashing: 1 MiB was as fast as any size from 256 KiB to 16 MiB on a warm 1 GB file
// (about 1.6 GB/s on a 2-core EPYC with SHA-NI, where the digest alone runs at 1.78 GB/s).
constexpr size_t kHashReadChunk = size_t(1) << 20;

}  // namespace

FolderLock::FolderLock(const fs::path& folder, std::string_view what) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw Error(fmt::format("cannot create {}: {}", folder.string(), ec.message()));
    const fs::path file = folder / kFolderLockFile;
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
    int rc;
    while ((rc = ::flock(fd_, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK)
            throw Error(fmt::format("cannot lock {}: {}", file.string(), std::strerror(error)));
        // The holder wrote who it is right after taking the lock (an instant it may not have
        // reached yet), as "pid N, layermoe WHAT": its first line is shown when it reads so, else
        // the holder is named by the folder alone (the file is anyone's to write).
        std::string holder;
        try {
            holder = read_text_file(file);
        } catch (const Error&) {
        }
        holder = holder.substr(0, std::min(holder.find('\n'), size_t{200}));
        if (!holder.starts_with("pid ") ||
            !std::all_of(holder.begin(), holder.end(), [](unsigned char c) { return c >= 0x20 && c != 0x7f; }))
            holder.clear();
        throw Error(fmt::format("{} is being written by another process ({}); wait for it to end, or give another folder",
                                folder.string(), holder.empty() ? "it has not said which" : holder));
    }
    const std::string holder = fmt::format("pid {}, layermoe {}\n", ::getpid(), what);
    // Who holds it, for the message above. The lock does not depend on it: a failed write only
    // leaves that message less precise.
    if (::ftruncate(fd_, 0) == 0) {
        const ssize_t written = ::pwrite(fd_, holder.data(), holder.size(), 0);
        static_cast<void>(written);
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 sha;
    sha.update(bytes);
    return sha.hex_digest();
}

std::string sha256_file(const fs::path& path) {
    Sha256 sha(&path);
    read_chunks(path, kHashReadChunk, [&](std::string_view piece) { sha.update(piece); });
    return sha.hex_digest();
}

}  // namespace layermoe
