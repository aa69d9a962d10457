#pragma once
// Dense -> MoE expansion and what each training stage may change (docs/method.md §7, §8).
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/allocation.h"
#include "core/model/model.h"

namespace layermoe {

enum class TrainableSet {
    All,  // every weight (base pretraining, the dense baseline)
    NewExperts,  // stage 1: the newest wave's experts and every router
    Routing,  // stage 2: routers and classifiers
};

// Sets requires_grad on every parameter as the stage says, so that frozen tensors get no
// gradient and no optimiser state. Returns the number of trainable parameters.
int64_t set_trainable(LanguageModelImpl& model, TrainableSet set);

// The layout after one more expansion: layer i gains N^i - 1 experts as a new wave (N^i from the
// allocation counts the original expert), no classifiers (stage 2 adds them). A dense model gets
// its first wave; an expanded one (lifelong) its next.
MoeLayout expansion_layout(const ModelConfig& model, const std::vector<LayerAllocation>& allocation, int64_t top_k);

// `layout` with a classifier on every MoE layer that the allocation marks (dense layers route
// nothing, so they get none). Returns the layers marked but dense, for a warning.
std::vector<int64_t> add_classifiers(MoeLayout& layout, const std::vector<LayerAllocation>& allocation);

}  // namespace layermoe
