#pragma once
// Runs one long core job (analysis, training, an experiment) on a worker thread, so the GUI
// thread never waits: its progress reports and its end reach the GUI as queued signals, and
// cancel() makes the job's progress callback answer "stop" at its next safe point. The job may
// instead be a `layermoe` command run as a process (an experiment over several local ranks,
// docs/scaling.md): its progress lines become the same reports, and cancel() is its Ctrl-C.
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "core/common/progress.h"

class QProcess;
class QThread;

namespace layermoe {

// A job's progress stage in the interface language.
QString stage_display_name(Stage stage);

// One line the CLI's progress line prints when its standard error is not a terminal
// (app/cli/progress_line.h): "[stage1] 12/200  6% 3.10 step/s ETA 1m02s loss 2.31", or "[load]
// reading corpus ..."; nullopt for any other line (errors, the launcher's messages).
std::optional<Progress> parse_progress_line(const QString& line);

// The `layermoe` program the workbench runs: beside its own program (installed, both are in the
// same bin folder), else app/cli/layermoe of the build tree it was built in (found from the
// program's folder upwards), else on PATH. Empty, with a message a user can act on, when none is.
QString find_cli_program(QString* error);

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Runs on the worker thread; reports through the given callback; throws to fail.
    using Job = std::function<void(const ProgressFn& progress)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels a running job and waits for it

    bool start(const QString& title, Job job);  // false while another job runs
    // Runs `program arguments` in `folder` as the job: progress from the progress lines of its
    // standard error, finished() when it exits (ok: status 0; error: its last lines of standard
    // error that are not progress). False while another job runs.
    bool startProcess(const QString& title, const QString& program, const QStringList& arguments,
                      const QString& folder);
    // A job on the thread stops at its next safe point. A process gets SIGINT, as Ctrl-C in a
    // terminal: the first stops it at its next step with checkpoints, a second ends it at once.
    void cancel();
    bool isRunning() const;
    bool isProcess() const;  // the running (or last) job is a process
    QString title() const { return title_; }
    bool waitForFinished(int timeout_ms);  // for tests and shutdown

Q_SIGNALS:
    void started(const QString& title);
    void progress(layermoe::Stage stage, qint64 done, qint64 total, const QString& message);
    // ok: the job returned; cancelled: it stopped on request; error: its message when it threw.
    void finished(bool ok, bool cancelled, const QString& error);
    // cancel() was asked while a job runs: the first time (again = false) or once more.
    void cancelling(bool again);

private:
    void readProcessErrors(bool to_end);
    void processEnded(bool ok, const QString& error);

    QThread* thread_ = nullptr;
    QProcess* process_ = nullptr;
    std::atomic<bool> cancel_{false};
    bool process_ended_ = false;
    QByteArray error_buffer_;  // standard error not yet split into lines
    QStringList error_tail_;  // its last lines that are not progress
    QString title_;
};

}  // namespace layermoe

Q_DECLARE_METATYPE(layermoe::Stage)
