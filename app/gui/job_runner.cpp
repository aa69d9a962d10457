#include "app/gui/job_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <csignal>
#include <sys/types.h>

#include "core/common/error_boundary.h"

namespace layermoe {

namespace {

constexpr int kErrorTailLines = 8;  // of a process's standard error, for the message of a failure

bool is_program(const QString& file) {
    const QFileInfo info(file);
    return info.isFile() && info.isExecutable();
}

}  // namespace

std::optional<Progress> parse_progress_line(const QString& line) {
    // ProgressLine::operator()'s format (app/cli/progress_line.cpp): "[stage]", then, when the
    // total is known, "done/total pct% rate unit/s ETA eta", then the message.
    static const QRegularExpression format(
        QStringLiteral(R"(^\[([a-z][a-z0-9 ]*)\](?: (\d+)/(\d+) +\d+% \S+ (\S*)/s ETA \S+)?(?: (.*))?$)"));
    const QRegularExpressionMatch m = format.match(line);
    if (!m.hasMatch()) return std::nullopt;
    const std::string name = m.captured(1).toStdString();
    // Every stage, by its printed name: the enum counts from 0 and to_string gives "?" past its end.
    for (int i = 0; to_string(static_cast<Stage>(i)) != "?"; ++i) {
        const auto stage = static_cast<Stage>(i);
        if (to_string(stage) != name) continue;
        Progress p;
        p.stage = stage;
        if (m.hasCaptured(2)) {
            p.done = m.captured(2).toLongLong();
            p.total = m.captured(3).toLongLong();
            p.unit = m.captured(4).toStdString();
        }
        p.message = m.captured(5).toStdString();
        return p;
    }
    return std::nullopt;
}

QString find_cli_program(QString* error) {
    const QString name = QStringLiteral("layermoe");
    QDir dir(QCoreApplication::applicationDirPath());
    if (is_program(dir.filePath(name))) return dir.filePath(name);
    // The build tree: build/app/gui/layermoe-workbench, build/tools/layermoe-screenshots and
    // build/tests/app/test_gui all find build/app/cli/layermoe a few folders up.
    for (int up = 0; up < 4; ++up) {
        const QString built = dir.filePath(QStringLiteral("app/cli/") + name);
        if (is_program(built)) return built;
        if (!dir.cdUp()) break;
    }
    const QString on_path = QStandardPaths::findExecutable(name);
    if (!on_path.isEmpty()) return on_path;
    if (error)
        *error = JobRunner::tr("The layermoe program is neither beside the workbench (%1) nor on PATH; running as "
                               "several processes needs it. Install it with the workbench, or build its target "
                               "layermoe.")
                     .arg(QDir::toNativeSeparators(QCoreApplication::applicationDirPath()));
    return {};
}

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
    case Stage::Generate: return JobRunner::tr("generate");
    case Stage::Routes: return JobRunner::tr("routes");
    }
    return QString::fromUtf8(to_string(stage).data());
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    // The pages may be gone already: nothing reaches them from here on.
    blockSignals(true);
    cancel();
    waitForFinished(-1);
}

bool JobRunner::isRunning() const { return (thread_ && thread_->isRunning()) || (process_ && !process_ended_); }

bool JobRunner::isProcess() const { return process_ != nullptr; }

bool JobRunner::start(const QString& title, Job job) {
    if (isRunning()) return false;
    if (thread_) thread_->deleteLater();
    if (process_) process_->deleteLater();
    thread_ = nullptr;
    process_ = nullptr;
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
        } catch (...) {
            // The same line the CLI prints (core/common/error_boundary.h).
            error = QString::fromStdString(error_line(std::current_exception()));
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

bool JobRunner::startProcess(const QString& title, const QString& program, const QStringList& arguments,
                             const QString& folder) {
    if (isRunning()) return false;
    if (thread_) thread_->deleteLater();
    if (process_) process_->deleteLater();
    thread_ = nullptr;
    cancel_ = false;
    process_ended_ = false;
    error_buffer_.clear();
    error_tail_.clear();
    title_ = title;
    auto* process = process_ = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A progress line for each report rather than one every 10 s (app/cli/progress_line.h).
    environment.insert(QStringLiteral("LAYERMOE_PROGRESS_INTERVAL"), QStringLiteral("0.2"));
    process->setProcessEnvironment(environment);
    process->setWorkingDirectory(folder);
    // Its tables are also in the files it writes, which the caller reads.
    process->setStandardOutputFile(QProcess::nullDevice());
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        if (process == process_) readProcessErrors(false);
    });
    connect(process, &QProcess::finished, this, [this, process, program](int code, QProcess::ExitStatus status) {
        if (process != process_) return;
        readProcessErrors(true);
        const bool ok = status == QProcess::NormalExit && code == 0;
        QString error = error_tail_.join(QLatin1Char('\n'));
        if (error.isEmpty())
            error = status == QProcess::NormalExit ? tr("%1 exited with status %2").arg(program).arg(code)
                                                   : tr("%1 ended abnormally").arg(program);
        processEnded(ok, error);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, program](QProcess::ProcessError e) {
        if (process == process_ && e == QProcess::FailedToStart)
            processEnded(false, tr("Cannot run %1: %2").arg(program, process->errorString()));
    });
    process->start(program, arguments);
    Q_EMIT started(title_);
    return true;
}

void JobRunner::readProcessErrors(bool to_end) {
    error_buffer_ += process_->readAllStandardError();
    auto take = [this](const QByteArray& bytes) {
        const QString line = QString::fromUtf8(bytes).trimmed();
        if (line.isEmpty()) return;
        if (const auto p = parse_progress_line(line)) {
            Q_EMIT progress(p->stage, p->done, p->total, QString::fromStdString(p->message));
            return;
        }
        error_tail_ << line;
        while (error_tail_.size() > kErrorTailLines) error_tail_.removeFirst();
    };
    for (qsizetype end = error_buffer_.indexOf('\n'); end >= 0; end = error_buffer_.indexOf('\n')) {
        take(error_buffer_.left(end));
        error_buffer_.remove(0, end + 1);
    }
    if (to_end) {
        take(error_buffer_);
        error_buffer_.clear();
    }
}

void JobRunner::processEnded(bool ok, const QString& error) {
    if (process_ended_) return;
    process_ended_ = true;
    // Stopped on request: the process's own words ("stopped; checkpoints were kept") are no error.
    const bool cancelled = !ok && cancel_.load();
    // Queued, as a thread's end is: started() is always seen first.
    QMetaObject::invokeMethod(
        this, [this, ok, cancelled, error] { Q_EMIT finished(ok, cancelled, cancelled ? QString() : error); },
        Qt::QueuedConnection);
}

void JobRunner::cancel() {
    const bool running = isRunning();
    const bool again = cancel_.exchange(true);
    if (process_ && !process_ended_ && process_->processId() > 0) {
        // As Ctrl-C in a terminal: `--nproc-per-node` passes it on to every rank once
        // (app/cli/launch.h); the first stops them at the next step with checkpoints, a second
        // ends them.
        ::kill(static_cast<pid_t>(process_->processId()), SIGINT);
    }
    if (running) Q_EMIT cancelling(again);
}

bool JobRunner::waitForFinished(int timeout_ms) {
    if (process_ && !process_ended_) {
        // QProcess delivers its end (finished()) from inside the wait.
        if (process_->state() != QProcess::NotRunning && !process_->waitForFinished(timeout_ms)) return false;
        return process_ended_;
    }
    if (!thread_) return true;
    return timeout_ms < 0 ? thread_->wait() : thread_->wait(QDeadlineTimer(timeout_ms));
}

}  // namespace layermoe
