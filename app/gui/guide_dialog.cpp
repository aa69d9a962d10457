#include "app/gui/guide_dialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace layermoe {

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent), browser_(new QTextBrowser) {
    browser_->setOpenExternalLinks(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser_, 1);
    layout->addWidget(buttons);
    resize(600, 640);
    retranslate();
}

QString GuideDialog::text() const { return browser_->toPlainText(); }

void GuideDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void GuideDialog::retranslate() {
    setWindowTitle(tr("Getting started"));
    const QStringList steps = {
        tr("<b>Workspace.</b> File &gt; New Workspace makes a folder for one study: its experiment store "
           "(runs.sqlite), models and reports. File &gt; Open Workspace opens one, e.g. the folder the demo "
           "made (<code>layermoe demo</code>). The command line can work on the same workspace at the same time."),
        tr("<b>Data and model.</b> Choose the base: a built-in model that the experiment pretrains first, or a "
           "model folder (ours or a Hugging Face LLaMA/Qwen2 folder). Choose a corpus and give each language its "
           "group: old (the model knows it), G1 (to learn now), G2 (a later wave). \"Paper's groups\" sets the "
           "paper's languages."),
        tr("<b>Similarity.</b> Analyze measures, layer by layer, how alike the old and new languages look inside "
           "the model. Layers where they look alike need few new experts; dissimilar layers need more. Click a "
           "layer to see its full language matrix."),
        tr("<b>Allocation.</b> Drag the budget and watch the experts per layer beside MoE-LPR's uniform "
           "allocation. The routing classifiers go on the most similar layers. \"Use this allocation\" makes it "
           "the one the experiment trains."),
        tr("<b>Experiment.</b> Choose the methods (LayerMoE, MoE-LPR, dense), steps and learning rates, and "
           "Start. Stage 1 trains the new experts on the new languages; stage 2 trains the routers with a little "
           "old-language replay. Cancel keeps a checkpoint; Resume continues from it."),
        tr("<b>Results.</b> Select runs to compare bits per byte on held-out text (lower is better) for the old "
           "and the new languages, and the forgetting of each old language against the base. Export a report "
           "(HTML or PDF), tables (CSV or JSON) and plots."),
        tr("<b>Playground.</b> Give a prompt, e.g. a sentence in a new language, and three models continue it "
           "side by side: by default the base, LayerMoE and MoE-LPR. Under each text a strip shows, per MoE layer "
           "and token, which expert carried it; gray is the original FFN. The Results page's Routes tab shows, per "
           "layer, the share of each language's tokens that every expert receives (<code>layermoe routes</code>)."),
    };
    QString html = tr("<h3>From a workspace to a comparison in six pages</h3>") + QStringLiteral("<ol>");
    for (const QString& step : steps) html += QStringLiteral("<li><p>%1</p></li>").arg(step);
    html +=
        QStringLiteral("</ol><p>") +
        tr("Every page's work is also a command of <code>layermoe</code>; <code>layermoe --help</code> lists them.") +
        QStringLiteral("</p>");
    browser_->setHtml(html);
}

}  // namespace layermoe
