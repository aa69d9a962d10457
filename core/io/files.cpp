#include "core/io/files.h"

#include "core/common/error.h"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace layermoe {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int err)
{
    return std::strerror(err);
}

// Closes the descriptor on every exit path.
struct FdGuard {
    int fd = -1;
    ~FdGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

fs::path temp_path_for(const fs::path& path)
{
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string name = fmt::format(".{}.tmp-{}-{}-{}", path.filename().string(),
                                         ::getpid(), counter++, ticks % 1000000);
    return path.parent_path() / name;
}

void write_all(int fd, std::string_view bytes, const fs::path& path)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw Error(fmt::format("{}: cannot write: {}", path.string(), errno_text(errno)));
        bytes.remove_prefix(size_t(n));
    }
}

// Makes the rename itself durable; failure here is not worth failing the write.
void fsync_parent(const fs::path& path)
{
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    FdGuard dir{::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0)
        ::fsync(dir.fd);
}

int create_temp(const fs::path& path, fs::path& temp)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        temp = temp_path_for(path);
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            if (fd < 0)
                throw Error(fmt::format("{}: cannot create a temporary file in its folder: {}",
                                        path.string(), errno_text(errno)));
            return fd;
        }
    }
    throw Error(fmt::format("{}: cannot find a free temporary file name", path.string()));
}

void write_temp(int fd, const fs::path& path, std::span<const std::string_view> chunks)
{
    for (std::string_view chunk : chunks)
        write_all(fd, chunk, path);
    if (::fsync(fd) != 0)
        throw Error(fmt::format("{}: cannot flush to disk: {}", path.string(), errno_text(errno)));
}

} // namespace

void atomic_write_chunks(const fs::path& path, std::span<const std::string_view> chunks)
{
    fs::path temp;
    FdGuard file{create_temp(path, temp)};
    try {
        write_temp(file.fd, path, chunks);
        const int fd = file.fd;
        file.fd = -1;
        if (::close(fd) != 0)
            throw Error(fmt::format("{}: cannot close: {}", path.string(), errno_text(errno)));
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw Error(fmt::format("{}: cannot replace it with the new file: {}", path.string(),
                                    errno_text(errno)));
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    fsync_parent(path);
}

void atomic_write_file(const fs::path& path, std::string_view bytes)
{
    atomic_write_chunks(path, std::span<const std::string_view>(&bytes, 1));
}

namespace {

int open_for_reading(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        throw Error(fmt::format("{}: file not found", path.string()));
    if (fd < 0)
        throw Error(fmt::format("{}: cannot open: {}", path.string(), errno_text(errno)));
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        ::close(fd);
        throw Error(fmt::format("{}: is a folder, not a file", path.string()));
    }
    return fd;
}

// Calls `sink(std::string_view)` with successive pieces of the file.
template <typename Sink>
void read_chunks(const fs::path& path, Sink&& sink)
{
    FdGuard file{open_for_reading(path)};
    std::string buffer(size_t(1) << 18, '\0');
    for (;;) {
        const ssize_t n = ::read(file.fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw Error(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
        if (n == 0)
            return;
        sink(std::string_view(buffer.data(), size_t(n)));
    }
}

} // namespace

std::string read_text_file(const fs::path& path)
{
    std::string text;
    read_chunks(path, [&](std::string_view piece) { text.append(piece); });
    return text;
}

namespace {

// FIPS 180-4 SHA-256, fed incrementally so files need not fit in memory.
class Sha256 {
public:
    void update(std::string_view bytes)
    {
        for (char c : bytes) {
            block_[block_used_++] = uint8_t(c);
            if (block_used_ == 64) {
                compress();
                block_used_ = 0;
            }
        }
        length_bits_ += uint64_t(bytes.size()) * 8;
    }

    std::string hex_digest()
    {
        const uint64_t length_bits = length_bits_;
        update(std::string_view("\x80", 1));
        while (block_used_ != 56)
            update(std::string_view("\0", 1));
        std::array<char, 8> length{};
        for (int i = 0; i < 8; ++i)
            length[size_t(i)] = char(length_bits >> (56 - 8 * i));
        update(std::string_view(length.data(), length.size()));
        std::string hex;
        for (uint32_t word : state_)
            hex += fmt::format("{:08x}", word);
        return hex;
    }

private:
    static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress()
    {
        static constexpr std::array<uint32_t, 64> k = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2};
        std::array<uint32_t, 64> w{};
        for (size_t i = 0; i < 16; ++i)
            w[i] = uint32_t(block_[4 * i]) << 24 | uint32_t(block_[4 * i + 1]) << 16 |
                   uint32_t(block_[4 * i + 2]) << 8 | uint32_t(block_[4 * i + 3]);
        for (size_t i = 16; i < 64; ++i) {
            const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = state_;
        for (size_t i = 0; i < 64; ++i) {
            const uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
                                ((e & f) ^ (~e & g)) + k[i] + w[i];
            const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
                                ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        const std::array<uint32_t, 8> add = {a, b, c, d, e, f, g, h};
        for (size_t i = 0; i < 8; ++i)
            state_[i] += add[i];
    }

    std::array<uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<uint8_t, 64> block_{};
    size_t block_used_ = 0;
    uint64_t length_bits_ = 0;
};

} // namespace

std::string sha256_hex(std::string_view bytes)
{
    Sha256 sha;
    sha.update(bytes);
    return sha.hex_digest();
}

std::string sha256_file(const fs::path& path)
{
    Sha256 sha;
    read_chunks(path, [&](std::string_view piece) { sha.update(piece); });
    return sha.hex_digest();
}

} // namespace layermoe
