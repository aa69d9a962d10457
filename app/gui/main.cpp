// layermoe-workbench: the desktop workbench.
#include <QApplication>
#include <QCommandLineParser>

#include "app/gui/main_window.h"

int main(int argc, char** argv) {
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
    QCommandLineOption page(QStringLiteral("page"), QStringLiteral("Show this page first (0 = data, ...)"), QStringLiteral("n"));
    parser.addOption(screenshot);
    parser.addOption(page);
    parser.process(app);

    layermoe::MainWindow window;
    if (!parser.positionalArguments().isEmpty()) window.openWorkspace(parser.positionalArguments().constFirst());
    else window.openLastWorkspace();
    if (parser.isSet(page)) window.showPage(parser.value(page).toInt());
    window.show();
    if (parser.isSet(screenshot)) return window.saveScreenshot(parser.value(screenshot)) ? 0 : 1;
    return QApplication::exec();
}
