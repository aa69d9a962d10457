// The index of a token-shard folder (shards.json).
#include "core/data/shards.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto j = fuzz::as_json(data, size);
    if (!j) return 0;
    fuzz::refuses_or_reads([&] { (void)ShardManifest::from_json(*j, "shards.json"); });
    return 0;
}
