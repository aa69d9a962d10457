#include "core/io/safetensors.h"

#include "core/common/error.h"
#include "core/io/files.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <set>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace layermoe {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;  // keeps header order, which breaks ties between empty tensors

namespace {

// The reference implementation's cap: a larger header is a corrupt length, not a real model.
constexpr uint64_t max_header_bytes = 100'000'000;
constexpr std::string_view metadata_key = "__metadata__";

[[noreturn]] void fail(const fs::path& path, const std::string& problem) {
    throw Error(fmt::format("{}: {}", path.string(), problem));
}

std::string shape_text(const std::vector<int64_t>& shape) { return fmt::format("[{}]", fmt::join(shape, ", ")); }

// numel * dtype_size, or nullopt when it does not fit (numel must also fit int64 for numel()).
std::optional<uint64_t> byte_size(const std::vector<int64_t>& shape, DType dtype) {
    uint64_t count = 1;
    for (int64_t dim : shape)
        if (dim < 0 || __builtin_mul_overflow(count, uint64_t(dim), &count)) return std::nullopt;
    uint64_t bytes = 0;
    if (count > uint64_t(std::numeric_limits<int64_t>::max()) ||
        __builtin_mul_overflow(count, uint64_t(dtype_size(dtype)), &bytes))
        return std::nullopt;
    return bytes;
}

// Offset of the first byte that breaks UTF-8 (bad lead, truncated, overlong, surrogate).
std::optional<size_t> first_invalid_utf8(std::string_view text) {
    static constexpr uint32_t min_code[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < text.size()) {
        const auto lead = uint8_t(text[i]);
        size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
        if (length == 0 || i + length > text.size()) return i;
        uint32_t code = length == 1 ? lead : lead & (0x7fu >> length);
        for (size_t k = 1; k < length; ++k) {
            const auto next = uint8_t(text[i + k]);
            if ((next & 0xc0) != 0x80) return i;
            code = code << 6 | (next & 0x3fu);
        }
        if (code < min_code[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
        i += length;
    }
    return std::nullopt;
}

uint64_t read_u64_le(const std::byte* bytes) {
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = value << 8 | uint64_t(bytes[i]);
    return value;
}

std::string u64_le(uint64_t value) {
    std::string bytes(8, '\0');
    for (size_t i = 0; i < 8; ++i) bytes[i] = char(value >> (8 * i));
    return bytes;
}

}  // namespace

int64_t TensorInfo::numel() const {
    return std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<>());
}

// ---- reading ---------------------------------------------------------------------------------

struct SafetensorsFile::Mapping {
    const std::byte* data = nullptr;
    size_t size = 0;

    explicit Mapping(const fs::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(path, errno == ENOENT ? std::string("file not found")
                                       : fmt::format("cannot open: {}", std::strerror(errno)));
        struct stat info {};
        const bool is_file = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
        size = is_file ? size_t(info.st_size) : 0;
        void* mapped = is_file && size > 0 ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : nullptr;
        const int map_errno = errno;
        ::close(fd);  // the mapping keeps the file alive
        if (!is_file) fail(path, "is not a regular file");
        if (mapped == MAP_FAILED) fail(path, fmt::format("cannot memory-map: {}", std::strerror(map_errno)));
        data = static_cast<const std::byte*>(mapped);
    }
    ~Mapping() {
        if (data) ::munmap(const_cast<std::byte*>(data), size);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
};

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

namespace {

// Both are checked before anything is allocated, so a corrupt length cannot exhaust memory.
uint64_t checked_header_length(const fs::path& path, const std::byte* data, uint64_t file_size) {
    if (file_size < 8)
        fail(path, fmt::format("file is {} bytes, too short for a safetensors header (needs at "
                               "least 8)",
                               file_size));
    const uint64_t length = read_u64_le(data);
    if (length == 0) fail(path, "header length is 0; a safetensors header holds at least \"{}\"");
    if (length > file_size - 8)
        fail(path, fmt::format("header length {} is larger than the file ({} bytes)", length, file_size));
    if (length > max_header_bytes)
        fail(path, fmt::format("header length {} exceeds the {}-byte limit", length, max_header_bytes));
    return length;
}

// nlohmann keeps the last of repeated keys silently; a repeated tensor name is corruption.
Json parse_header_json(const fs::path& path, std::string_view text) {
    if (const auto bad = first_invalid_utf8(text))
        fail(path, fmt::format("header is not valid UTF-8 (byte {} of the header)", *bad));
    std::vector<std::set<std::string>> open_objects;
    std::optional<std::string> duplicate;
    bool duplicate_is_tensor = false;
    auto watch_keys = [&](int, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::object_start)
            open_objects.emplace_back();
        else if (event == Json::parse_event_t::object_end && !open_objects.empty())
            open_objects.pop_back();
        else if (event == Json::parse_event_t::key && !open_objects.empty() &&
                 !open_objects.back().insert(parsed.get<std::string>()).second && !duplicate) {
            duplicate = parsed.get<std::string>();
            duplicate_is_tensor = open_objects.size() == 1;
        }
        return true;
    };
    Json header;
    try {
        header = Json::parse(text.begin(), text.end(), watch_keys);
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for numbers like 1e999
        fail(path, fmt::format("header is not valid JSON: {}", e.what()));
    }
    if (duplicate)
        fail(path,
             fmt::format("duplicate {} '{}' in the header", duplicate_is_tensor ? "tensor name" : "key", *duplicate));
    if (!header.is_object()) fail(path, "header is not a JSON object");
    return header;
}

std::optional<uint64_t> non_negative_integer(const Json& value) {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0) return uint64_t(value.get<int64_t>());
    return std::nullopt;
}

const Json& required_field(const fs::path& path, const std::string& where, const Json& entry, const char* field) {
    const auto it = entry.find(field);
    if (it == entry.end()) fail(path, fmt::format("{}: missing \"{}\"", where, field));
    return *it;
}

DType parse_entry_dtype(const fs::path& path, const std::string& where, const Json& value) {
    if (!value.is_string()) fail(path, fmt::format("{}: dtype is not a string", where));
    const auto name = value.get<std::string>();
    if (const auto dtype = parse_dtype(name)) return *dtype;
    fail(path, fmt::format("{}: unsupported dtype \"{}\" (supported: F64, F32, F16, BF16, I64, "
                           "I32, I16, I8, U8, BOOL)",
                           where, name));
}

std::vector<int64_t> parse_entry_shape(const fs::path& path, const std::string& where, const Json& value) {
    const std::string problem = fmt::format("{}: shape must be a list of non-negative integers, "
                                            "got {}",
                                            where, value.dump());
    if (!value.is_array()) fail(path, problem);
    std::vector<int64_t> shape;
    for (const Json& dim : value) {
        const auto size = non_negative_integer(dim);
        if (!size || *size > uint64_t(std::numeric_limits<int64_t>::max())) fail(path, problem);
        shape.push_back(int64_t(*size));
    }
    return shape;
}

void parse_entry_offsets(const fs::path& path, const std::string& where, const Json& value, uint64_t data_size,
                         TensorInfo& tensor) {
    const auto begin = value.is_array() && value.size() == 2 ? non_negative_integer(value[0]) : std::nullopt;
    const auto end = begin ? non_negative_integer(value[1]) : std::nullopt;
    if (!end)
        fail(path, fmt::format("{}: data_offsets must be two non-negative integers [begin, end], "
                               "got {}",
                               where, value.dump()));
    if (*begin > *end) fail(path, fmt::format("{}: data_offsets begin {} is after end {}", where, *begin, *end));
    if (*end > data_size)
        fail(path,
             fmt::format("{}: data_offsets end {} is beyond the data section ({} bytes)", where, *end, data_size));
    tensor.begin = *begin;
    tensor.end = *end;
}

TensorInfo parse_entry(const fs::path& path, const std::string& name, const Json& entry, uint64_t data_size) {
    const std::string where = fmt::format("tensor '{}'", name);
    if (!entry.is_object()) fail(path, fmt::format("{}: entry is not an object", where));
    TensorInfo tensor;
    tensor.name = name;
    tensor.dtype = parse_entry_dtype(path, where, required_field(path, where, entry, "dtype"));
    tensor.shape = parse_entry_shape(path, where, required_field(path, where, entry, "shape"));
    parse_entry_offsets(path, where, required_field(path, where, entry, "data_offsets"), data_size, tensor);
    const auto needed = byte_size(tensor.shape, tensor.dtype);
    if (!needed) fail(path, fmt::format("{}: element count of shape {} overflows", where, shape_text(tensor.shape)));
    if (tensor.end - tensor.begin != *needed)
        fail(path, fmt::format("{}: size mismatch: data_offsets span {} bytes but shape {} of {} "
                               "needs {}",
                               where, tensor.end - tensor.begin, shape_text(tensor.shape), dtype_name(tensor.dtype),
                               *needed));
    return tensor;
}

std::map<std::string, std::string> parse_metadata(const fs::path& path, const Json& value) {
    if (!value.is_object()) fail(path, "__metadata__ is not an object of strings");
    std::map<std::string, std::string> metadata;
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string())
            fail(path, fmt::format("__metadata__ value for key '{}' is not a string: {}", key, item.dump()));
        metadata.emplace(key, item.get<std::string>());
    }
    return metadata;
}

// Tensors sorted by offset must tile the data section exactly, as the reference requires.
void check_layout(const fs::path& path, const std::vector<TensorInfo>& sorted, uint64_t data_size) {
    uint64_t covered = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo& tensor : sorted) {
        if (tensor.begin < covered)
            fail(path, fmt::format("tensors '{}' and '{}' overlap in the data section (bytes "
                                   "[{}, {}))",
                                   previous->name, tensor.name, tensor.begin, covered));
        if (tensor.begin > covered)
            fail(path, fmt::format("data section bytes [{}, {}) are not covered by any tensor", covered, tensor.begin));
        covered = tensor.end;
        previous = &tensor;
    }
    if (covered != data_size)
        fail(path, fmt::format("data section bytes [{}, {}) are not covered by any tensor", covered, data_size));
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const fs::path& path) {
    SafetensorsFile file;
    file.path_ = path;
    file.mapping_ = std::make_unique<Mapping>(path);
    file.file_size_ = file.mapping_->size;
    const uint64_t header_length = checked_header_length(path, file.mapping_->data, file.file_size_);
    file.data_offset_ = 8 + header_length;
    const uint64_t data_size = file.file_size_ - file.data_offset_;
    const auto* header_begin = reinterpret_cast<const char*>(file.mapping_->data + 8);
    const Json header = parse_header_json(path, std::string_view(header_begin, header_length));
    for (const auto& [key, value] : header.items()) {
        if (key == metadata_key)
            file.metadata_ = parse_metadata(path, value);
        else
            file.tensors_.push_back(parse_entry(path, key, value, data_size));
    }
    std::stable_sort(file.tensors_.begin(), file.tensors_.end(), [](const auto& a, const auto& b) {
        return std::pair(a.begin, a.end) < std::pair(b.begin, b.end);
    });
    check_layout(path, file.tensors_, data_size);
    for (size_t i = 0; i < file.tensors_.size(); ++i) file.index_.emplace(file.tensors_[i].name, i);
    return file;
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

const TensorInfo& SafetensorsFile::at(std::string_view name) const {
    if (const TensorInfo* tensor = find(name)) return *tensor;
    fail(path_, fmt::format("no tensor named '{}'", name));
}

bool SafetensorsFile::advise(const TensorInfo& tensor, int advice) const {
    const auto page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    const uint64_t begin = (data_offset_ + tensor.begin) / page * page;
    const uint64_t end = std::min<uint64_t>((data_offset_ + tensor.end + page - 1) / page * page, file_size_);
    if (!mapping_ || !mapping_->data || end <= begin) return true;
    return ::madvise(const_cast<std::byte*>(mapping_->data) + begin, end - begin, advice) == 0;
}

void SafetensorsFile::release(const TensorInfo& tensor) const { advise(tensor, MADV_DONTNEED); }

void SafetensorsFile::prefetch(const TensorInfo& tensor) const {
#ifndef MADV_POPULATE_READ
    constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14
#endif
    if (!advise(tensor, MADV_POPULATE_READ)) advise(tensor, MADV_WILLNEED);
}

std::span<const std::byte> SafetensorsFile::bytes(const TensorInfo& tensor) const {
    // A TensorInfo from another file could point past this mapping.
    if (tensor.begin > tensor.end || tensor.end > file_size_ - data_offset_)
        fail(path_, fmt::format("tensor '{}' with data_offsets [{}, {}] is not from this file", tensor.name,
                                tensor.begin, tensor.end));
    return {mapping_->data + data_offset_ + tensor.begin, size_t(tensor.end - tensor.begin)};
}

// ---- writing ---------------------------------------------------------------------------------

namespace {

void check_utf8_for_writing(const fs::path& path, std::string_view what, std::string_view text) {
    if (first_invalid_utf8(text)) fail(path, fmt::format("{} is not valid UTF-8", what));
}

void check_tensors_for_writing(const fs::path& path, const std::vector<TensorToWrite>& tensors) {
    std::set<std::string_view> names;
    for (const TensorToWrite& tensor : tensors) {
        const std::string where = fmt::format("tensor '{}'", tensor.name);
        if (tensor.name == metadata_key) fail(path, "tensor name \"__metadata__\" is reserved for file metadata");
        if (!names.insert(tensor.name).second) fail(path, fmt::format("duplicate tensor name '{}'", tensor.name));
        check_utf8_for_writing(path, "tensor name " + where, tensor.name);
        const auto needed = byte_size(tensor.shape, tensor.dtype);
        if (!needed)
            fail(path, fmt::format("{}: shape {} has a negative dimension or too many elements", where,
                                   shape_text(tensor.shape)));
        if (tensor.data.size() != *needed)
            fail(path,
                 fmt::format("{}: size mismatch: data has {} bytes but shape {} of {} needs "
                             "{}",
                             where, tensor.data.size(), shape_text(tensor.shape), dtype_name(tensor.dtype), *needed));
    }
}

std::string header_for_writing(const fs::path& path, const std::vector<TensorToWrite>& tensors,
                               const std::map<std::string, std::string>& metadata) {
    Json header = Json::object();
    if (!metadata.empty()) {
        for (const auto& [key, value] : metadata) {
            check_utf8_for_writing(path, fmt::format("metadata key '{}'", key), key);
            check_utf8_for_writing(path, fmt::format("metadata value for '{}'", key), value);
        }
        header[std::string(metadata_key)] = metadata;
    }
    uint64_t offset = 0;
    for (const TensorToWrite& tensor : tensors) {
        const uint64_t end = offset + tensor.data.size();
        header[tensor.name] = {
            {"dtype", dtype_name(tensor.dtype)}, {"shape", tensor.shape}, {"data_offsets", {offset, end}}};
        offset = end;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data section 8-byte aligned
    return text;
}

}  // namespace

void write_safetensors(const fs::path& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    check_tensors_for_writing(path, tensors);
    const std::string header = header_for_writing(path, tensors, metadata);
    const std::string length = u64_le(header.size());
    std::vector<std::string_view> chunks = {length, header};
    for (const TensorToWrite& tensor : tensors)
        chunks.emplace_back(reinterpret_cast<const char*>(tensor.data.data()), tensor.data.size());
    atomic_write_chunks(path, chunks);
}

}  // namespace layermoe
