// layermoe-workbench: the desktop workbench.
#include <QApplication>
#include <QCommandLineParser>

#include "app/gui/main_window.h"
#include "app/gui/pages/data_page.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/translator.h"
#include "core/common/error_boundary.h"

int main(int argc, char** argv) {
    layermoe::file_size_limit_fails_writes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LayerMoE"));
    QApplication::setApplicationName(QStringLiteral("LayerMoE Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(LAYERMOE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Layer-wise MoE expansion workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("Workspace folder (holds runs.sqlite)"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window and quit"),
                                  QStringLiteral("file"));
    QCommandLineOption page(QStringLiteral("page"), QStringLiteral("Show this page first (0 = data, ...)"),
                            QStringLiteral("n"));
    parser.addOption(screenshot);
    parser.addOption(page);

    QCommandLineOption language(QStringLiteral("language"), QStringLiteral("Interface language: en, zh_CN, es or de"),
                                QStringLiteral("code"));
    parser.addOption(language);
    parser.process(app);
    layermoe::set_interface_language(parser.isSet(language) ? parser.value(language)
                                                            : layermoe::WorkbenchSettings::load().language);
    layermoe::MainWindow window;
    if (!parser.positionalArguments().isEmpty())
        window.openWorkspace(parser.positionalArguments().constFirst());
    else
        window.openLastWorkspace();
    window.dataPage()->restoreLast();
    if (parser.isSet(page)) window.showPage(parser.value(page).toInt());
    window.show();
    if (parser.isSet(screenshot)) return window.saveScreenshot(parser.value(screenshot)) ? 0 : 1;
    return QApplication::exec();
}
