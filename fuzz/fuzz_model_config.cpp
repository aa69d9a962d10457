// config.json of a model folder (Hugging Face's keys, and ours for expanded models): parsed as
// the loader parses it, then every size derived from the config is computed.
#include "core/model/config.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto j = fuzz::as_json(data, size);
    if (!j) return 0;
    fuzz::refuses_or_reads([&] {
        const ModelConfig c = from_hf_config(*j, "config.json");
        (void)c.parameter_count();
        (void)c.forward_flops_per_token(c.max_len);
        (void)to_hf_config(c).dump();
    });
    return 0;
}
