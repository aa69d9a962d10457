#pragma once
// How a comparison's values read in every rendering (text, Markdown, HTML, the workbench's
// tables): the cell formats, the one mark of a missing value, and the words around the numbers
// (bases, notes, task tables). Torch-free and Qt-free.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/compare.h"

// Marks a report's text for translation. It is the text itself; lupdate reads LAYERMOE_TR as
// QT_TRANSLATE_NOOP (app/gui/CMakeLists.txt: -tr-function-alias), so the workbench's translations
// hold these texts under the context given, which is always "Report".
#define LAYERMOE_TR(context, text) text

namespace layermoe {

// The words of a report: English by default (the command line); the workbench passes a lookup of
// its translations (context "Report"). Texts hold Qt-style markers %1, %2, ... for their arguments.
class Wording {
public:
    using Lookup = std::function<std::string(const char* source)>;
    Wording() = default;
    explicit Wording(Lookup lookup) : lookup_(std::move(lookup)) {}
    std::string operator()(const char* source) const { return lookup_ ? lookup_(source) : std::string(source); }
    // The text with %1, %2, ... replaced by the arguments (each marker once, as QString::arg).
    std::string operator()(const char* source, std::initializer_list<std::string_view> args) const;

private:
    Lookup lookup_;
};

// A missing value in text, Markdown, HTML and the workbench's tables (CSV: an empty field; JSON: null).
inline constexpr std::string_view kMissing = "-";

// Bits per byte and scores: 4 decimals ("3.0340"); a change: signed ("+0.5358"); kMissing for NaN.
std::string format_value(double v, int decimals = 4);
std::string format_change(double v);
// A change with its interval: "+0.4566 [+0.3937, +0.5137]"; kMissing for none.
std::string format_interval(const std::optional<stats::Interval>& interval);
// A value with its interval, unsigned: "3.7071 [3.5267, 3.8875]".
std::string format_value_interval(const std::optional<stats::Interval>& interval);
// A count ("12"), parameters in millions with 2 decimals ("3.54"); kMissing when absent.
std::string format_count(std::optional<int64_t> n);
std::string format_millions(std::optional<int64_t> n);
// Whether a cell holds a number ("3.0340", "+0.25", "1e-05"): reports never wrap those.
bool is_number(std::string_view text);

// Run i's base for a table cell: "5 eval base", "itself" for a base run, "none" without one.
std::string base_cell(const Comparison& c, size_t run, const Wording& words = {});
// How run i's changes were measured (a tooltip): its base and how it was found, or why there is none.
std::string base_description(const Comparison& c, size_t run, const Wording& words = {});
// Notes under the comparison: the bases found automatically (and added to it), and the runs that
// have none (their changes show kMissing). Empty when a chosen base covers every run.
std::vector<std::string> base_notes(const Comparison& c, const Wording& words = {});

// The task scores of a comparison as a table: per run, each task's acc and acc_mutual_info
// averaged over the old and the new languages, and their change against the base.
// forgets[i][j]: cell j of row i is a drop on the old languages.
struct TaskTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<bool>> forgets;
};
TaskTable task_table(const Comparison& c, const Wording& words = {});

}  // namespace layermoe
