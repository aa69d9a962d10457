#include "core/store/run_kind.h"

#include <array>
#include <utility>

namespace layermoe {
namespace {

// The text each value is stored as: the one table of kinds and statuses.
constexpr std::array<std::pair<RunKind, std::string_view>, 9> kKinds{{
    {RunKind::Pretrain, "pretrain"},
    {RunKind::Eval, "eval"},
    {RunKind::Analyze, "analyze"},
    {RunKind::Allocate, "allocate"},
    {RunKind::Stage1, "stage1"},
    {RunKind::Stage2, "stage2"},
    {RunKind::Experiment, "experiment"},
    {RunKind::Routes, "routes"},
    {RunKind::Unknown, "unknown"},
}};

constexpr std::array<std::pair<RunStatus, std::string_view>, 5> kStatuses{{
    {RunStatus::Running, "running"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Interrupted, "interrupted"},
}};

}  // namespace

std::string_view to_string(RunKind kind) {
    for (const auto& [k, text] : kKinds)
        if (k == kind) return text;
    return "unknown";
}

std::string_view to_string(RunStatus status) {
    for (const auto& [s, text] : kStatuses)
        if (s == status) return text;
    return "running";
}

RunKind parse_run_kind(std::string_view text) {
    for (const auto& [k, name] : kKinds)
        if (name == text) return k;
    return RunKind::Unknown;
}

std::optional<RunStatus> parse_run_status(std::string_view text) {
    for (const auto& [s, name] : kStatuses)
        if (name == text) return s;
    return std::nullopt;
}

}  // namespace layermoe
