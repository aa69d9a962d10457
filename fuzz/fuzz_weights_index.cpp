// A sharded model folder's model.safetensors.index.json: the input is the index, beside two
// fixed shards (model-00001-of-00002.safetensors: a.weight, b.weight; model-00002-of-00002:
// c.weight). Whatever the index says, open_dir either refuses it or hands out only tensors that
// lie inside their shard's mapping (every byte is read, so ASan sees any that does not).
#include <array>

#include "core/io/safetensors_shards.h"
#include "fuzz_input.h"

namespace {

std::filesystem::path shard_folder() {
    using namespace layermoe;
    static const std::filesystem::path dir = [] {
        const auto d = fuzz::scratch() / "sharded";
        std::filesystem::create_directories(d);
        static const std::array<float, 6> values{1, 2, 3, 4, 5, 6};
        const std::span<const std::byte> bytes = std::as_bytes(std::span(values));
        write_safetensors(d / "model-00001-of-00002.safetensors",
                          {{"a.weight", DType::F32, {2}, bytes.subspan(0, 8)},
                           {"b.weight", DType::F32, {2, 1}, bytes.subspan(8, 8)}});
        write_safetensors(d / "model-00002-of-00002.safetensors", {{"c.weight", DType::F32, {2}, bytes.subspan(16, 8)}});
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto dir = shard_folder();
    fuzz::input_file(fuzz::as_text(data, size), "sharded/" + std::string(kWeightsIndexFile));
    fuzz::refuses_or_reads([&] {
        const auto weights = WeightFiles::open_dir(dir);
        unsigned sum = 0;
        for (const auto& [name, ref] : weights.tensors())
            for (std::byte b : ref.file->bytes(*ref.info)) sum += static_cast<unsigned>(b);
        (void)weights.total_bytes();
        (void)weights.describe();
        return sum;
    });
    return 0;
}
