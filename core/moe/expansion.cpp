#include "core/moe/expansion.h"

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/model/moe.h"

namespace layermoe {

namespace {

bool trainable_in(const std::string& name, const LanguageModelImpl& model, TrainableSet set) {
    switch (set) {
    case TrainableSet::All: return true;
    case TrainableSet::Routing:
        return name.find(".mlp.router.") != std::string::npos || name.find(".mlp.classifier.") != std::string::npos;
    case TrainableSet::NewExperts: {
        if (name.find(".mlp.router.") != std::string::npos) return true;
        const auto at = name.find(".mlp.experts.");
        if (at == std::string::npos) return false;
        const int64_t layer = std::stoll(name.substr(std::string("model.layers.").size()));
        const int64_t expert = std::stoll(name.substr(at + std::string(".mlp.experts.").size()));
        const auto& waves = model.config().moe.waves[static_cast<size_t>(layer)];
        return expert >= model.config().moe.experts(layer) - waves.back();  // the newest wave
    }
    }
    return false;
}

}  // namespace

int64_t set_trainable(LanguageModelImpl& model, TrainableSet set) {
    if (set != TrainableSet::All && model.config().moe.empty())
        throw Error("this model has no MoE layer: only dense training (all weights) applies");
    int64_t count = 0;
    for (auto& item : model.named_parameters()) {
        const bool train = trainable_in(item.key(), model, set);
        item.value().set_requires_grad(train);
        item.value().mutable_grad().reset();  // a gradient left by an earlier stage must not count in this one
        if (train) count += item.value().numel();
    }
    return count;
}

MoeLayout expansion_layout(const ModelConfig& model, const std::vector<LayerAllocation>& allocation, int64_t top_k) {
    if (static_cast<int64_t>(allocation.size()) != model.n_layers)
        throw Error(fmt::format("the allocation has {} layers, the model {}", allocation.size(), model.n_layers));
    MoeLayout layout = model.moe;
    if (layout.empty()) {
        layout.waves.assign(static_cast<size_t>(model.n_layers), {1});
        layout.top_k = top_k;
    }
    layout.classifier.assign(static_cast<size_t>(model.n_layers), false);
    for (size_t i = 0; i < allocation.size(); ++i) {
        if (allocation[i].experts < 1)
            throw Error(fmt::format("layer {} is allocated {} experts", i, allocation[i].experts));
        layout.waves[i].push_back(allocation[i].experts - 1);
    }
    layout.validate(model.n_layers);
    return layout;
}

std::vector<int64_t> add_classifiers(MoeLayout& layout, const std::vector<LayerAllocation>& allocation) {
    std::vector<int64_t> dense_marked;
    for (size_t i = 0; i < allocation.size() && i < layout.waves.size(); ++i) {
        if (!allocation[i].classifier) continue;
        if (layout.is_moe(static_cast<int64_t>(i)))
            layout.classifier[i] = true;
        else
            dense_marked.push_back(static_cast<int64_t>(i));
    }
    return dense_marked;
}

}  // namespace layermoe
