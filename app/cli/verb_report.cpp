// layermoe report: the report of chosen runs that the workbench exports (the comparison, each
// analysis's scores, each allocation, the configs), written without the workbench: HTML and
// Markdown from core (core/report), a PDF through the workbench's own report code, with its
// plots, when the workbench is built.
#include <algorithm>
#include <cctype>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/report/render.h"
#include "core/report/report.h"
#ifdef LAYERMOE_REPORT_PDF
#include "app/cli/report_pdf.h"
#endif

namespace layermoe::cli {

namespace {

struct ReportArgs {
    std::vector<int64_t> runs;
    int64_t base = 0;
    std::string store = "runs.sqlite", out;
    bool json = false, pool_seeds = false;
};

enum class Format { Html, Markdown, Pdf };

Format format_of(const std::string& out) {
    std::string ext = std::filesystem::path(out).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (ext == ".html" || ext == ".htm") return Format::Html;
    if (ext == ".md" || ext == ".markdown") return Format::Markdown;
    if (ext == ".pdf") return Format::Pdf;
    throw Error(fmt::format("--out {}: unknown report format '{}' (use .html, .md or .pdf)", out, ext));
}

void write(const ReportArgs& a) {
    const Format format = format_of(a.out);
#ifndef LAYERMOE_REPORT_PDF
    if (format == Format::Pdf)
        throw Error(fmt::format("--out {}: PDF reports need the workbench's library, and this layermoe was built with "
                                "-DLAYERMOE_GUI=OFF (rebuild with -DLAYERMOE_GUI=ON, or write .html or .md)",
                                a.out));
#endif
    if (!std::filesystem::exists(a.store)) throw Error(fmt::format("store {} does not exist", a.store));
    const std::optional<int64_t> base = a.base > 0 ? std::optional<int64_t>(a.base) : std::nullopt;
    if (format == Format::Pdf) {
#ifdef LAYERMOE_REPORT_PDF
        write_report_pdf(a.store, a.runs, base, a.out, a.pool_seeds);
#endif
    } else {
        const Store store(a.store);
        ReportOptions options;
        options.base = base;
        options.pool_seeds = a.pool_seeds;
        const Report report = build_report(store, a.runs, options);
        atomic_write_file(a.out, format == Format::Html ? render_html(report) : render_markdown(report));
    }
    if (a.json)
        fmt::print("{}\n", nlohmann::json{{"out", a.out}, {"runs", a.runs}, {"store", a.store}}.dump(2));
    else
        fmt::print("report of {} run{} written to {}\n", a.runs.size(), a.runs.size() == 1 ? "" : "s", a.out);
}

}  // namespace

void add_report_verb(CLI::App& app) {
    auto args = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand("report",
                                   "Write the report of runs the workbench exports (comparison, analyses, allocations, "
                                   "configs) as HTML, Markdown or PDF");
    cmd->add_option("--runs", args->runs, "Run ids, e.g. 3,5,7")->required()->delimiter(',');
    cmd->add_option("--base", args->base,
                    "The base run (default: the first pretrain or eval run among them; with none, each run's "
                    "base is found in the store from its lineage and added)");
    cmd->add_option("--store", args->store, "Experiment store")->capture_default_str();
#ifdef LAYERMOE_REPORT_PDF
    const char* formats = "The report: FILE.html, FILE.md or FILE.pdf (with the plots)";
#else
    const char* formats = "The report: FILE.html or FILE.md (FILE.pdf needs a build with -DLAYERMOE_GUI=ON)";
#endif
    cmd->add_option("--out", args->out, formats)->required();
    cmd->add_flag("--pool-seeds", args->pool_seeds,
                  "An experiment's runs that differ only in their seed as one run (layermoe compare --pool-seeds)");
    cmd->add_flag("--json", args->json, "Print what was written as JSON");
    cmd->callback([args] { write(*args); });
}

}  // namespace layermoe::cli
