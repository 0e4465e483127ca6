#include "ReleaseReportDialog.h"

#include "project/Workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

const QString kPlanImage = QStringLiteral("retort-report:plan.png");

// The plan's chain as an image (Qt's rich text draws no SVG): the same picture as renderPlanSvg.
QImage planImage(const ReleaseReport &r)
{
    const int n = int(r.steps.size());
    const int gap = 120, x0 = 60, y = 40;
    const int width = x0 * 2 + gap * std::max(n, 1);
    QImage image(width, 90, QImage::Format_RGB32);
    image.fill(QColor(0x1f, 0x21, 0x24));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0x7f, 0x84, 0x8c), 2));
    p.drawLine(x0, y, x0 + gap * std::max(n, 1), y);
    QFont font = p.font();
    font.setPixelSize(11);
    p.setFont(font);
    const auto node = [&p, y](int x, const QColor &fill, const QString &label,
                              const QString &caption) {
        p.setPen(QPen(QColor(0xe6, 0xe6, 0xe6), 1.5));
        p.setBrush(fill);
        p.drawEllipse(QPoint(x, y), 8, 8);
        p.setPen(QColor(0xe6, 0xe6, 0xe6));
        p.drawText(QRect(x - 58, y + 14, 116, 16), Qt::AlignCenter, label);
        p.setPen(QColor(0x7f, 0x84, 0x8c));
        p.drawText(QRect(x - 58, y - 30, 116, 16), Qt::AlignCenter, caption);
    };
    const QStringList rows = r.environment.currentRevisions;
    node(x0, QColor(0x35, 0x38, 0x3d),
         rows.isEmpty() ? QStringLiteral("base") : rows.join(QStringLiteral(", ")).left(16),
         QStringLiteral("now"));
    for (int i = 0; i < n; ++i) {
        const ReportStep &st = r.steps[size_t(i)];
        const bool ran = std::any_of(st.ranOn.begin(), st.ranOn.end(), [](const ReportRun &run) {
            return run.outcome == u"succeeded";
        });
        node(x0 + gap * (i + 1), ran ? QColor(0x2e, 0x7d, 0x32) : QColor(0x2f, 0x6f, 0xd0),
             st.revision.left(16), QStringLiteral("step %1").arg(i + 1));
    }
    if (n == 0)
        node(x0 + gap, QColor(0x35, 0x38, 0x3d), r.target, QStringLiteral("nothing to run"));
    return image;
}

// The report's HTML for Qt's rich text: the SVG replaced by the painted image, registered as a
// resource of `doc`.
QString richTextHtml(const ReleaseReport &r, QTextDocument *doc)
{
    doc->addResource(QTextDocument::ImageResource, QUrl(kPlanImage), planImage(r));
    QString html = renderReportHtml(r);
    static const QRegularExpression svg(QStringLiteral("<svg .*</svg>\n"),
                                        QRegularExpression::DotMatchesEverythingOption);
    html.replace(svg, QStringLiteral("<img src=\"%1\">\n").arg(kPlanImage));
    return html;
}

} // namespace

ReleaseReportDialog::ReleaseReportDialog(std::shared_ptr<const Workspace> workspace,
                                         const QString &environment,
                                         QHash<QString, ConnectionSecrets> secrets, QWidget *parent)
    : QDialog(parent), m_workspace(std::move(workspace)), m_secrets(std::move(secrets))
{
    setWindowTitle(tr("Release Report"));
    setObjectName(QStringLiteral("ReleaseReportDialog"));
    resize(980, 720);

    m_environment = new QComboBox(this);
    m_against = new QComboBox(this);
    m_against->addItem(tr("(none)"), QString());
    for (const Environment &e : m_workspace->project().environments) {
        m_environment->addItem(e.name, e.name);
        m_against->addItem(e.name, e.name);
    }
    if (int i = m_environment->findData(environment); i >= 0)
        m_environment->setCurrentIndex(i);
    m_target = new QLineEdit(QStringLiteral("heads"), this);
    m_format = new QComboBox(this);
    m_format->addItem(tr("HTML"), int(ReportFormat::Html));
    m_format->addItem(tr("Markdown"), int(ReportFormat::Markdown));
    m_format->addItem(tr("JSON"), int(ReportFormat::Json));
    m_format->addItem(tr("PDF"), -1);
    m_build = new QPushButton(tr("&Build"), this);
    m_build->setObjectName(QStringLiteral("buildButton"));
    m_build->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);

    auto *choices = new QHBoxLayout;
    auto *left = new QFormLayout;
    left->addRow(tr("&Environment:"), m_environment);
    left->addRow(tr("Compared &with:"), m_against);
    auto *right = new QFormLayout;
    right->addRow(tr("&Target:"), m_target);
    right->addRow(tr("&Format:"), m_format);
    choices->addLayout(left, 1);
    choices->addSpacing(16);
    choices->addLayout(right, 1);
    choices->addSpacing(16);
    auto *buildButtons = new QVBoxLayout;
    buildButtons->addWidget(m_build);
    buildButtons->addWidget(m_cancel);
    choices->addLayout(buildButtons);

    m_browser = new QTextBrowser(this);
    m_browser->setOpenLinks(false);
    m_status = new QLabel(tr("Choose the environment and Build."), this);
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    m_print = buttons->addButton(tr("&Print…"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_build, &QPushButton::clicked, this, &ReleaseReportDialog::build);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_task.cancel(); });
    connect(m_save, &QPushButton::clicked, this, &ReleaseReportDialog::save);
    connect(m_print, &QPushButton::clicked, this, &ReleaseReportDialog::print);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    updateButtons();
}

ReleaseReportDialog::~ReleaseReportDialog()
{
    m_task.cancel();
}

void ReleaseReportDialog::setAgainst(const QString &environment)
{
    if (int i = m_against->findData(environment); i >= 0)
        m_against->setCurrentIndex(i);
}

void ReleaseReportDialog::setFormat(ReportFormat format)
{
    if (int i = m_format->findData(int(format)); i >= 0)
        m_format->setCurrentIndex(i);
}

ReportFormat ReleaseReportDialog::format() const
{
    const int f = m_format->currentData().toInt();
    return f < 0 ? ReportFormat::Html : ReportFormat(f);
}

void ReleaseReportDialog::updateButtons()
{
    m_build->setEnabled(!m_building);
    m_cancel->setEnabled(m_building);
    m_save->setEnabled(!m_building && m_report.has_value());
    m_print->setEnabled(!m_building && m_report.has_value());
}

void ReleaseReportDialog::build()
{
    if (m_building)
        return;
    auto envResult = m_workspace->environment(m_environment->currentData().toString());
    if (!envResult)
        return;
    const Environment env = **envResult;
    ReleaseReportOptions options;
    options.target = m_target->text().trimmed();
    options.now = m_now;
    const QString againstName = m_against->currentData().toString();
    if (!againstName.isEmpty() && againstName != env.name) {
        if (auto a = m_workspace->environment(againstName)) {
            options.against = **a;
            options.againstSecrets = m_secrets.value(againstName);
        }
    }
    if (const Environment *scratch = m_workspace->project().scratchEnvironment())
        options.scratchSecrets = m_secrets.value(scratch->name);
    const ConnectionSecrets secrets = m_secrets.value(env.name);
    m_building = true;
    m_status->setText(tr("Building the report of %1…").arg(env.name));
    updateButtons();
    m_task = Background::run(
        this,
        [ws = m_workspace, env, secrets, options](const CancelToken &cancel) {
            return buildReleaseReport(*ws, env, secrets, options, &cancel);
        },
        [this](Result<ReleaseReport> result) { finished(std::move(result)); });
}

void ReleaseReportDialog::finished(Result<ReleaseReport> result)
{
    m_building = false;
    QString error;
    if (!result) {
        error = result.error().toString();
        m_status->setText(tr("The report could not be made: %1").arg(error));
    } else {
        m_report = std::move(*result);
        m_browser->document()->clear();
        m_browser->setHtml(richTextHtml(*m_report, m_browser->document()));
        m_status->setText(tr("%1: %2 step(s) to %3, %4 lint finding(s), drift: %5")
                              .arg(m_report->environment.name)
                              .arg(m_report->steps.size())
                              .arg(m_report->target)
                              .arg(m_report->findings.size())
                              .arg(m_report->drift.summary));
    }
    updateButtons();
    Q_EMIT built(error);
}

QString ReleaseReportDialog::saveTo(const QString &path)
{
    if (!m_report)
        return tr("there is no report yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"pdf" || (suffix.isEmpty() && m_format->currentData().toInt() < 0)) {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(path);
        printer.setDocName(tr("Release report: %1").arg(m_report->environment.name));
        QTextDocument doc;
        doc.setHtml(richTextHtml(*m_report, &doc));
        doc.print(&printer);
        return QFileInfo::exists(path) ? QString() : tr("cannot write %1").arg(path);
    }
    ReportFormat f = format();
    if (suffix == u"html" || suffix == u"htm")
        f = ReportFormat::Html;
    else if (suffix == u"md")
        f = ReportFormat::Markdown;
    else if (suffix == u"json")
        f = ReportFormat::Json;
    QSaveFile file(path);
    const QByteArray bytes = renderReport(*m_report, f);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return tr("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void ReleaseReportDialog::save()
{
    if (!m_report)
        return;
    static const char *const kSuffix[] = {"md", "html", "json"};
    const int f = m_format->currentData().toInt();
    const QString suffix = f < 0 ? QStringLiteral("pdf") : QString::fromLatin1(kSuffix[f]);
    const QString name =
        QStringLiteral("release-report-%1.%2").arg(m_report->environment.name, suffix);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the Release Report"), QDir(m_workspace->project().root).filePath(name),
        tr("Reports (*.html *.md *.json *.pdf)"));
    if (path.isEmpty())
        return;
    const QString error = saveTo(path);
    m_status->setText(error.isEmpty() ? tr("Saved %1").arg(path) : tr("Not saved: %1").arg(error));
}

void ReleaseReportDialog::print()
{
    if (!m_report)
        return;
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QTextDocument doc;
    doc.setHtml(richTextHtml(*m_report, &doc));
    doc.print(&printer);
}

} // namespace retort::gui
