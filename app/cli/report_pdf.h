#pragma once
// `layermoe report --out FILE.pdf`: the workbench's own PDF report (app/gui/report.h, its plots
// drawn offscreen), in builds with the workbench (LAYERMOE_GUI=ON, which defines
// LAYERMOE_REPORT_PDF; app/cli/CMakeLists.txt).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace layermoe::cli {

// Error naming the run, the store or the file at fault.
void write_report_pdf(const std::filesystem::path& store, const std::vector<int64_t>& runs, std::optional<int64_t> base,
                      const std::filesystem::path& pdf, bool pool_seeds = false);

}  // namespace layermoe::cli
