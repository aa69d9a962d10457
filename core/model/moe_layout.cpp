#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/model/moe.h"

namespace layermoe {

namespace {

uint64_t layer_seed(uint64_t seed, int64_t layer) { return seed * 1000003ULL + static_cast<uint64_t>(layer) + 1; }

// Grows an MoE layer to `waves` (which must extend what it has) and sets its classifier.
void grow(MoeFfn& moe, int64_t layer, const std::vector<int64_t>& waves, bool classifier, uint64_t seed) {
    const auto& have = moe.waves();
    if (waves.size() < have.size() || !std::equal(have.begin(), have.end(), waves.begin()))
        throw Error(fmt::format("layer {} has experts per wave [{}], which the new layout does not extend", layer,
                                fmt::join(have, ", ")));
    for (size_t w = have.size(); w < waves.size(); ++w) moe.add_wave(waves[w], classifier, seed);
    moe.set_classifier(classifier, seed);
}

}  // namespace

void apply_moe_layout(LanguageModelImpl& model, const MoeLayout& layout, uint64_t seed) {
    const int64_t n_layers = model.config().n_layers;
    layout.validate(n_layers);
    for (int64_t i = 0; i < n_layers; ++i) {
        auto& block = model.model->blocks[static_cast<size_t>(i)];
        const auto& waves = layout.waves[static_cast<size_t>(i)];
        const bool classifier = layout.classifier[static_cast<size_t>(i)];
        if (auto moe = std::dynamic_pointer_cast<MoeFfn>(block->mlp)) {
            grow(*moe, i, waves, classifier, layer_seed(seed, i));
        } else if (layout.is_moe(i)) {
            auto dense = std::dynamic_pointer_cast<DenseFfn>(block->mlp);
            if (!dense) throw Error(fmt::format("layer {} has an FFN that cannot be expanded", i));
            block->replace_ffn(
                std::make_shared<MoeFfn>(dense, i, waves, layout.top_k, classifier, layer_seed(seed, i)));
        }
    }
    model.set_moe_layout(layout);
}

}  // namespace layermoe
