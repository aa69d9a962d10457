#include "app/gui/job_runner.h"

#include <QThread>

namespace layermoe {

QString stage_display_name(const QString& stage) {
    if (stage == QStringLiteral("pretrain")) return JobRunner::tr("pretraining");
    if (stage == QStringLiteral("stage1")) return JobRunner::tr("stage 1");
    if (stage == QStringLiteral("stage2")) return JobRunner::tr("stage 2");
    if (stage == QStringLiteral("analyze")) return JobRunner::tr("analysis");
    if (stage == QStringLiteral("eval")) return JobRunner::tr("evaluation");
    if (stage == QStringLiteral("tasks")) return JobRunner::tr("tasks");
    return stage;
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    cancel();
    waitForFinished(-1);
}

bool JobRunner::isRunning() const { return thread_ && thread_->isRunning(); }

bool JobRunner::start(const QString& title, Job job) {
    if (isRunning()) return false;
    if (thread_) thread_->deleteLater();
    cancel_ = false;
    title_ = title;
    // The callback runs on the worker thread: it only posts to this object and reads the flag.
    ProgressFn report = [this](const Progress& p) {
        QMetaObject::invokeMethod(
            this,
            [this, stage = QString::fromStdString(p.stage), done = p.done, total = p.total,
             message = QString::fromStdString(p.message)] { Q_EMIT progress(stage, done, total, message); },
            Qt::QueuedConnection);
        return !cancel_.load();
    };
    thread_ = QThread::create([this, job = std::move(job), report] {
        bool ok = false;
        QString error;
        try {
            job(report);
            ok = true;
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = tr("The job failed with an unknown error.");
        }
        const bool cancelled = cancel_.load();
        QMetaObject::invokeMethod(
            this, [this, ok, cancelled, error] { Q_EMIT finished(ok && !cancelled, cancelled, error); }, Qt::QueuedConnection);
    });
    thread_->setParent(this);  // deleted with the runner, after the destructor waited for it
    thread_->start();
    Q_EMIT started(title_);
    return true;
}

void JobRunner::cancel() { cancel_ = true; }

bool JobRunner::waitForFinished(int timeout_ms) {
    if (!thread_) return true;
    return timeout_ms < 0 ? thread_->wait() : thread_->wait(QDeadlineTimer(timeout_ms));
}

} // namespace layermoe
