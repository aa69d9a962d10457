// What hashing a saved model costs: the SHA-256 that pretraining and expansion record for every
// model.safetensors they write, against writing that file.
//
//   bench_hash [--bytes N] [--dir DIR]
//
// Writes a file of N bytes (default 3.674 GB, the size of Qwen1.5-1.8B's BF16 model.safetensors)
// in DIR (default the system temp folder) the way a save writes it (atomic_write_chunks: write,
// fsync, rename), twice, and keeps the faster time. It then reads the file once so that every
// hash round sees the same warm page cache, and hashes it with (a) the hand-written byte-at-a-time
// SHA-256 that core/io/files.cpp used before OpenSSL, kept below as the reference, and (b) core's
// sha256_file, alternating, best of 2 each. Prints the times, GB/s, the ratio and each hash's
// share of the write; exits non-zero when the digests differ. The file is always deleted.
// Bounded: 2 writes, 1 read and 4 hashes of N bytes (about 1 minute at the default size on 2
// EPYC cores); it refuses to start without room for two copies of the file.
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/io/files.h"

using namespace layermoe;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace reference {

// The previous core/io/files.cpp implementation, copied verbatim (FIPS 180-4 SHA-256, one byte
// at a time into a 64-byte block), with the 256 KiB read loop sha256_file fed it from.
class Sha256 {
public:
    void update(std::string_view bytes) {
        for (char c : bytes) {
            block_[block_used_++] = uint8_t(c);
            if (block_used_ == 64) {
                compress();
                block_used_ = 0;
            }
        }
        length_bits_ += uint64_t(bytes.size()) * 8;
    }

    std::string hex_digest() {
        const uint64_t length_bits = length_bits_;
        update(std::string_view("\x80", 1));
        while (block_used_ != 56) update(std::string_view("\0", 1));
        std::array<char, 8> length{};
        for (int i = 0; i < 8; ++i) length[size_t(i)] = char(length_bits >> (56 - 8 * i));
        update(std::string_view(length.data(), length.size()));
        std::string hex;
        for (uint32_t word : state_) hex += fmt::format("{:08x}", word);
        return hex;
    }

private:
    static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress() {
        static constexpr std::array<uint32_t, 64> k = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
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
            const uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        const std::array<uint32_t, 8> add = {a, b, c, d, e, f, g, h};
        for (size_t i = 0; i < 8; ++i) state_[i] += add[i];
    }

    std::array<uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<uint8_t, 64> block_{};
    size_t block_used_ = 0;
    uint64_t length_bits_ = 0;
};

}  // namespace reference

namespace {

// Reads the whole file in pieces of `chunk` bytes, calling sink on each; returns the bytes read.
uint64_t read_file(const fs::path& path, size_t chunk, const std::function<void(std::string_view)>& sink) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
    std::string buffer(chunk, '\0');
    uint64_t total = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(fmt::format("{}: cannot read: {}", path.string(), std::strerror(err)));
        }
        if (n == 0) break;
        sink(std::string_view(buffer.data(), size_t(n)));
        total += uint64_t(n);
    }
    ::close(fd);
    return total;
}

std::string reference_sha256_file(const fs::path& path) {
    reference::Sha256 sha;
    read_file(path, size_t(1) << 18, [&](std::string_view piece) { sha.update(piece); });
    return sha.hex_digest();
}

double seconds_of(const std::function<void()>& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Removes the file on every exit path (atomic_write_chunks removes its own temporary on failure).
struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

double gb_per_s(uint64_t bytes, double seconds) { return double(bytes) / 1e9 / seconds; }

}  // namespace

int main(int argc, char** argv) {
    uint64_t bytes = 3'674'000'000ull;
    fs::path dir;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw Error(fmt::format("{} needs a value", a));
                return argv[++i];
            };
            if (a == "--bytes") {
                const std::string v = next();
                size_t used = 0;
                const unsigned long long n = std::stoull(v, &used);
                if (used != v.size() || n == 0) throw Error(fmt::format("--bytes: not a positive number: {}", v));
                bytes = n;
            } else if (a == "--dir") {
                dir = next();
            } else {
                throw Error(fmt::format("unknown argument {} (usage: bench_hash [--bytes N] [--dir DIR])", a));
            }
        }
        if (dir.empty()) dir = fs::temp_directory_path();
        // The file, plus a save's temporary beside it while the second write replaces the first.
        const uint64_t needed = 2 * bytes + (uint64_t(256) << 20);
        const auto space = fs::space(dir);
        if (space.available < needed)
            throw Error(fmt::format("{}: {:.2f} GB free, the bench needs {:.2f} GB", dir.string(),
                                    double(space.available) / 1e9, double(needed) / 1e9));

        const fs::path path = dir / fmt::format("layermoe-bench-hash-{}.safetensors", ::getpid());
        RemoveOnExit remove{path};

        // A 64 MiB pattern of pseudo-random bytes, repeated: what a save writes is tensor data
        // held in memory, handed to the same atomic_write_chunks.
        const size_t piece = std::min<uint64_t>(bytes, uint64_t(64) << 20);
        std::string pattern(piece, '\0');
        uint64_t state = 0x9e3779b97f4a7c15ull;
        for (char& c : pattern) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            c = char(state >> 56);
        }
        std::vector<std::string_view> chunks;
        for (uint64_t left = bytes; left > 0; left -= std::min<uint64_t>(left, piece))
            chunks.emplace_back(pattern.data(), size_t(std::min<uint64_t>(left, piece)));

        fmt::print("bench_hash: {} bytes ({:.3f} GB) in {}\n", bytes, double(bytes) / 1e9, path.string());
        std::fflush(stdout);
        double write_s = std::numeric_limits<double>::infinity();
        for (int round = 0; round < 2; ++round) {
            const double s = seconds_of([&] { atomic_write_chunks(path, chunks); });
            fmt::print("  write (atomic_write_chunks: write, fsync, rename), round {}: {:.2f} s, "
                       "{:.2f} GB/s\n",
                       round + 1, s, gb_per_s(bytes, s));
            std::fflush(stdout);
            write_s = std::min(write_s, s);
        }
        pattern = std::string();

        uint64_t seen = 0;
        const double read_s = seconds_of([&] { seen = read_file(path, size_t(4) << 20, [](std::string_view) {}); });
        if (seen != bytes) throw Error(fmt::format("{}: read {} bytes, wrote {}", path.string(), seen, bytes));
        fmt::print("  warm-up read (4 MiB chunks): {:.2f} s, {:.2f} GB/s\n", read_s, gb_per_s(bytes, read_s));
        std::fflush(stdout);

        double ref_s = std::numeric_limits<double>::infinity();
        double new_s = std::numeric_limits<double>::infinity();
        std::string ref_digest, new_digest;
        for (int round = 0; round < 2; ++round) {
            std::string d;
            const double r = seconds_of([&] { d = reference_sha256_file(path); });
            if (round > 0 && d != ref_digest) throw Error("the reference digest changed between rounds");
            ref_digest = d;
            fmt::print("  round {}: reference (byte at a time) {:.2f} s, {:.3f} GB/s\n", round + 1, r,
                       gb_per_s(bytes, r));
            std::fflush(stdout);
            const double n = seconds_of([&] { d = sha256_file(path); });
            if (round > 0 && d != new_digest) throw Error("sha256_file's digest changed between rounds");
            new_digest = d;
            fmt::print("  round {}: sha256_file (OpenSSL EVP) {:.2f} s, {:.3f} GB/s\n", round + 1, n,
                       gb_per_s(bytes, n));
            std::fflush(stdout);
            ref_s = std::min(ref_s, r);
            new_s = std::min(new_s, n);
        }

        fmt::print("\nbest of 2, {:.3f} GB, warm page cache:\n", double(bytes) / 1e9);
        fmt::print("  write (save)           {:8.2f} s  {:6.3f} GB/s\n", write_s, gb_per_s(bytes, write_s));
        fmt::print("  read only              {:8.2f} s  {:6.3f} GB/s\n", read_s, gb_per_s(bytes, read_s));
        fmt::print("  reference SHA-256      {:8.2f} s  {:6.3f} GB/s  = {:5.1f}% of the write\n", ref_s,
                   gb_per_s(bytes, ref_s), 100.0 * ref_s / write_s);
        fmt::print("  sha256_file (OpenSSL)  {:8.2f} s  {:6.3f} GB/s  = {:5.1f}% of the write\n", new_s,
                   gb_per_s(bytes, new_s), 100.0 * new_s / write_s);
        fmt::print("  reference / OpenSSL    {:8.1f}x\n", ref_s / new_s);
        fmt::print("  save + hash: {:.2f} s before, {:.2f} s after\n", write_s + ref_s, write_s + new_s);
        fmt::print("  digest {} ({})\n", new_digest, ref_digest == new_digest ? "equal" : "DIFFERENT");
        if (ref_digest != new_digest) {
            fmt::print(stderr, "bench_hash: the digests differ: reference {}, sha256_file {}\n", ref_digest,
                       new_digest);
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_hash: {}\n", e.what());
        return 1;
    }
}
