#pragma once
// A report of chosen runs of a store, as a document every renderer reads (core/report/render.h:
// HTML, Markdown; the workbench adds its plots and prints the PDF, app/gui/report.h): the
// comparison (per-group and per-language bits per byte, forgetting against each run's base,
// found automatically when none was chosen, new experts and parameters, multiple-choice task
// scores), each analysis's scores, each allocation's experts per layer, and the runs' configs
// with the keys that differ marked; with the places of the plots (the comparison's bars, each
// analysis's heatmap and scores, each allocation's chart, each trained run's loss curve) for a
// renderer that draws them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/report/compare.h"
#include "core/report/format.h"

namespace layermoe {

struct TableStyle {
    std::string cell_class;  // the HTML class of every cell (e.g. "cfg": a smaller font)
    bool first_left = false;  // the first column's cells are left-aligned
    std::string first_width;  // its share of the table's width, e.g. "30%"
    bool first_nowrap = false;  // its cells never wrap (one broken on its separators is marked instead)
    // HTML: a zero-width space after each of these characters, where a narrow cell may break: in a
    // first-column cell longer than first_break_over characters, and in every other body cell that
    // is not a number.
    std::string first_breaks, value_breaks;
    size_t first_break_over = 0;
};

struct ReportTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> marked;  // rows marked: forgetting, a config key whose values differ
    TableStyle style;
};

// A plot's place in the report, for a renderer that draws it from the store.
enum class PlotKind {
    Comparison,  // bits per byte over the old and the new languages per run (the comparison's runs with groups)
    Similarity,  // an analysis run's heatmap (layers x language pairs)
    Scores,  // an analysis run's S_nn, S_no, S per layer
    Allocation,  // an allocate run's experts per layer beside the uniform allocation
    Loss,  // a training run's loss curve
};

struct ReportPlot {
    PlotKind kind = PlotKind::Comparison;
    int64_t run = 0;  // the run it shows (not for Comparison)
    std::string name;  // unique in the report, a file name stem: "comparison", "similarity-5"
};

struct ReportBlock {
    enum class Kind { Heading, Paragraph, Note, Table, Plot };
    Kind kind = Kind::Paragraph;
    int level = 2;  // of a heading (the title is level 1)
    std::string text;  // of a heading, a paragraph or a note
    ReportTable table;
    ReportPlot plot;
};

struct Report {
    std::string title;
    Comparison comparison;
    std::vector<ReportBlock> blocks;
};

struct ReportOptions {
    std::string title;  // empty = "LayerMoE Workbench report" in the report's wording
    std::optional<int64_t> base;  // as compare_runs' base
    bool pool_seeds = false;  // as compare_runs' pool: an experiment's seeds of a method as one run
    bool plots = false;  // the places of plots; without, a section that is only a plot (a loss curve) is left out
    std::string created;  // the time on its first line; empty = now (local, 2024-05-01T13:45:00)
};

// The report of `runs` of the store. Error naming a run id the store does not have, or a base not
// among the runs.
Report build_report(const Store& store, const std::vector<int64_t>& runs, const ReportOptions& options = {},
                    const Wording& words = {});

}  // namespace layermoe
