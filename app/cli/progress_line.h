#pragma once
// The CLI's progress line: "[pretrain] 120/600 20% 3.1 step/s ETA 2m35s loss 2.31".
// On a terminal it redraws one line; otherwise (CI, pipes, the workbench) it prints a line every
// LAYERMOE_PROGRESS_INTERVAL seconds (10 by default), and always the first and the last of a stage.
// Of a data-parallel run only rank 0 prints progress: every rank reports the same steps, and the
// workbench reads these lines to follow a run of local processes (docs/scaling.md).
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "core/common/progress.h"

namespace layermoe::cli {

class ProgressLine {
public:
    explicit ProgressLine(bool quiet = false);
    ~ProgressLine();
    bool operator()(const Progress& p);  // the ProgressFn; false once Ctrl-C was pressed
    ProgressFn callback();
    void finish();  // ends the current line

private:
    bool quiet_;
    bool tty_;
    double interval_;  // seconds between lines
    std::optional<Stage> stage_;
    std::chrono::steady_clock::time_point stage_start_, last_print_;
    bool line_open_ = false;
};

// Ctrl-C asks long work to stop at the next safe point (a second Ctrl-C kills).
void install_interrupt_handler();
bool interrupted();

std::string format_duration(double seconds);

}  // namespace layermoe::cli
