#include "app/gui/job_runner.h"

#include <QThread>

namespace layermoe {

QString stage_display_name(Stage stage) {
    switch (stage) {
    case Stage::Pretrain: return JobRunner::tr("pretraining");
    case Stage::Stage1: return JobRunner::tr("stage 1");
    case Stage::Stage2: return JobRunner::tr("stage 2");
    case Stage::Analyze: return JobRunner::tr("analysis");
    case Stage::AnalyzeAligned: return JobRunner::tr("analysis (aligned)");
    case Stage::Eval: return JobRunner::tr("evaluation");
    case Stage::Tasks: return JobRunner::tr("tasks");
    case Stage::Load: return JobRunner::tr("loading");
    case Stage::Memory: return JobRunner::tr("memory plan");
    case Stage::Bpe: return JobRunner::tr("tokenizer training");
    case Stage::Export: return JobRunner::tr("export");
    }
    return QString::fromUtf8(to_string(stage).data());
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
            [this, stage = p.stage, done = p.done, total = p.total, message = QString::fromStdString(p.message)] {
                Q_EMIT progress(stage, done, total, message);
            },
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
            this, [this, ok, cancelled, error] { Q_EMIT finished(ok && !cancelled, cancelled, error); },
            Qt::QueuedConnection);
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

}  // namespace layermoe
