#pragma once
// Reading and writing the safetensors format (the Hugging Face weight format):
// u64 little-endian header length N, N bytes of JSON, then raw little-endian tensor data.
#include "core/io/dtype.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;  // empty for a scalar
    uint64_t begin = 0, end = 0;  // byte offsets in the data section, [begin, end)
    int64_t numel() const;
};

// A read-only, memory-mapped safetensors file. open() validates the whole header, so every
// TensorInfo it hands out lies inside the mapping and matches its dtype and shape.
class SafetensorsFile {
public:
    // Throws Error naming the file for every malformed header or layout.
    static SafetensorsFile open(const std::filesystem::path& path);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;
    ~SafetensorsFile();

    const std::vector<TensorInfo>& tensors() const { return tensors_; }  // by data offset
    const TensorInfo* find(std::string_view name) const;  // nullptr when absent
    const TensorInfo& at(std::string_view name) const;  // Error "FILE: no tensor named 'x'"
    std::span<const std::byte> bytes(const TensorInfo& tensor) const;
    // Drops the pages holding `tensor` from this process's resident memory (the file stays
    // mapped; a later read faults them back in from the page cache). Loading converts tensor by
    // tensor and releases each, so peak memory stays near the model's own size.
    void release(const TensorInfo& tensor) const;
    // Maps the pages holding `tensor` into this process before it is read (MADV_POPULATE_READ,
    // MADV_WILLNEED on kernels without it): one call instead of a page fault per 4 KiB page.
    void prefetch(const TensorInfo& tensor) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const std::filesystem::path& path() const { return path_; }
    uint64_t file_size() const { return file_size_; }
    uint64_t data_offset() const { return data_offset_; }  // where the data section starts

private:
    struct Mapping;
    SafetensorsFile() = default;
    bool advise(const TensorInfo& tensor, int advice) const;  // madvise over its pages

    std::filesystem::path path_;
    std::unique_ptr<Mapping> mapping_;
    uint64_t file_size_ = 0;
    uint64_t data_offset_ = 0;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, size_t, std::less<>> index_;  // name -> position in tensors_
    std::map<std::string, std::string> metadata_;
};

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::span<const std::byte> data;  // numel * dtype_size bytes, little-endian
};

// Atomic (temp file + rename). Header JSON padded with spaces to a multiple of 8 bytes, so the
// data section is 8-aligned; tensors laid out in the order given. Throws Error naming `path`
// when a tensor's data does not match its shape and dtype, a name repeats, or a name is
// "__metadata__".
void write_safetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace layermoe
