#include "app/cli/report_pdf.h"

#include <QApplication>

#include <fmt/format.h>

#include "app/gui/report.h"
#include "core/common/error.h"
#include "core/store/store.h"

namespace layermoe::cli {

namespace {

// Qt's platform chatter on stderr (XDG_RUNTIME_DIR unset, what the offscreen platform cannot do)
// is not the user's business; its errors are. A file that could not be written is an Error anyway.
void quiet_qt(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg) fmt::print(stderr, "layermoe: qt: {}\n", message.toStdString());
}

}  // namespace

void write_report_pdf(const std::filesystem::path& store_file, const std::vector<int64_t>& runs,
                      std::optional<int64_t> base, const std::filesystem::path& pdf, bool pool_seeds) {
    // The plots are widgets: a QApplication, on the offscreen platform unless another is asked for.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quiet_qt);
    static int argc = 1;
    static char name[] = "layermoe";
    static char* argv[] = {name, nullptr};
    const QApplication app(argc, argv);
    Store store(store_file);
    QString error;
    if (!write_report(store, runs, QString(), {QString(), QString::fromStdString(pdf.string())}, &error, base,
                      pool_seeds))
        throw Error(error.toStdString());
}

}  // namespace layermoe::cli
