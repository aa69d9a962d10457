#pragma once
// Runs one long core job (analysis, training, an experiment) on a worker thread, so the GUI
// thread never waits: its progress reports and its end reach the GUI as queued signals, and
// cancel() makes the job's progress callback answer "stop" at its next safe point.
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

#include "core/common/progress.h"

class QThread;

namespace layermoe {

// A job's progress stage in the interface language.
QString stage_display_name(Stage stage);

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Runs on the worker thread; reports through the given callback; throws to fail.
    using Job = std::function<void(const ProgressFn& progress)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels a running job and waits for it

    bool start(const QString& title, Job job);  // false while another job runs
    void cancel();
    bool isRunning() const;
    QString title() const { return title_; }
    bool waitForFinished(int timeout_ms);  // for tests and shutdown

Q_SIGNALS:
    void started(const QString& title);
    void progress(layermoe::Stage stage, qint64 done, qint64 total, const QString& message);
    // ok: the job returned; cancelled: it stopped on request; error: its message when it threw.
    void finished(bool ok, bool cancelled, const QString& error);

private:
    QThread* thread_ = nullptr;
    std::atomic<bool> cancel_{false};
    QString title_;
};

}  // namespace layermoe

Q_DECLARE_METATYPE(layermoe::Stage)
