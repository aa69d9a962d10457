#pragma once
// Helpers for the tests that run the `layermoe` program as a user would: run it, describe a
// result for a failure message, write a small corpus, read runs and metrics back through it.
#include <QtTest>

#include <fstream>
#include <map>

#include <sys/resource.h>

struct Result {
    int exit_code = -1;
    QByteArray out, err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

// file_size_limit > 0: the process may write no file larger than that many bytes (ulimit -f),
// which stands in for a full disk without needing a small file system.
inline Result run_cli(const QStringList& args, int timeout_ms = 120000, rlim_t file_size_limit = 0) {
    QProcess p;
    if (file_size_limit > 0)
        p.setChildProcessModifier([file_size_limit] {
            const rlimit limit{file_size_limit, file_size_limit};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
    p.start(QStringLiteral(LAYERMOE_CLI), args);
    Result r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline QString describe(const Result& r) {
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exit_code)
        .arg(QString::fromUtf8(r.out.right(2000)), QString::fromUtf8(r.err.right(2000)));
}

// A small corpus of <code>.txt files, one document a line, in three scripts of text a model
// can learn quickly.
inline void write_corpus(const QString& dir) {
    const std::pair<const char*, const char*> langs[] = {
        {"eng", "the river runs north past the old market and the small school number "},
        {"spa", "el agua de la casa corre hacia el norte y pasa por la escuela numero "},
        {"ell", "το νερό του σπιτιού τρέχει προς τον βορρά και περνά από το σχολείο αριθμός "},
        {"tur", "evin suyu kuzeye akar ve okulun yanından geçer sayı "},
        {"deu", "das wasser des hauses fliesst nach norden an der schule vorbei nummer "},
    };
    for (const auto& [code, text] : langs) {
        std::ofstream out(
            (dir + QStringLiteral("/") + QString::fromLatin1(code) + QStringLiteral(".txt")).toStdString());
        for (int i = 0; i < 60; ++i) out << text << i * 7 << "\n";
    }
}

inline QStringList pretrain_args(const QString& corpus, const QString& work, int steps) {
    return {QStringLiteral("pretrain"),
            QStringLiteral("--corpus"),
            corpus,
            QStringLiteral("--langs"),
            QStringLiteral("eng,spa"),
            QStringLiteral("--new"),
            QStringLiteral("ell"),
            QStringLiteral("--preset"),
            QStringLiteral("tiny"),
            QStringLiteral("--steps"),
            QString::number(steps),
            QStringLiteral("--batch"),
            QStringLiteral("4"),
            QStringLiteral("--warmup"),
            QStringLiteral("5"),
            QStringLiteral("--threads"),
            QStringLiteral("1"),
            QStringLiteral("--eval-every"),
            QStringLiteral("50"),
            QStringLiteral("--checkpoint-every"),
            QStringLiteral("8"),
            QStringLiteral("--out"),
            work + QStringLiteral("/model"),
            QStringLiteral("--store"),
            work + QStringLiteral("/runs.sqlite")};
}

inline QJsonArray metrics(const QString& store, int run, const QString& name,
                          const QString& stage = QStringLiteral("pretrain")) {
    const auto r =
        run_cli({QStringLiteral("runs"), QStringLiteral("metrics"), QString::number(run), QStringLiteral("--name"),
                 name, QStringLiteral("--stage"), stage, QStringLiteral("--store"), store, QStringLiteral("--json")});
    return r.json().array();
}

inline QJsonObject show_run(const QString& store, int run) {
    return run_cli({QStringLiteral("runs"), QStringLiteral("show"), QString::number(run), QStringLiteral("--store"),
                    store, QStringLiteral("--json")})
        .json()
        .object();
}
