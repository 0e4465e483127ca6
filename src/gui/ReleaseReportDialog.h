#pragma once

#include "base/Background.h"
#include "db/Connection.h"
#include "release/ReleaseReport.h"

#include <QDateTime>
#include <QDialog>
#include <QHash>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;

namespace retort {
class Workspace;
}

namespace retort::gui {

// Environment ▸ Release Report…: choose the environment, the one it is compared with, the target
// and the format; Build makes the report on a worker (Background::run, Cancel stops it) and shows
// it as HTML; Save… writes it in the chosen format (a .pdf name prints it to PDF), Print… prints
// it. The secrets come in by environment name (what the keychain had); an environment without
// them is reported as not reachable. GUI thread only.
class ReleaseReportDialog final : public QDialog {
    Q_OBJECT

public:
    ReleaseReportDialog(std::shared_ptr<const Workspace> workspace, const QString &environment,
                        QHash<QString, ConnectionSecrets> secrets, QWidget *parent = nullptr);
    ~ReleaseReportDialog() override;

    // The options the next build uses (tests; the window leaves `now` unset).
    void setAgainst(const QString &environment);
    void setFormat(ReportFormat format);
    void setNow(const QDateTime &now) { m_now = now; }

    void build();
    bool isBuilding() const { return m_building; }
    // The last report built, if any.
    const std::optional<ReleaseReport> &report() const { return m_report; }
    QTextBrowser *browser() const { return m_browser; }
    // Writes the report to `path`: .pdf is printed to PDF; .html, .md and .json in that format;
    // any other name in the chosen format. Returns the error, or "" when written.
    QString saveTo(const QString &path);

Q_SIGNALS:
    void built(const QString &error);

private:
    void finished(Result<ReleaseReport> result);
    void save();
    void print();
    void updateButtons();
    ReportFormat format() const;

    std::shared_ptr<const Workspace> m_workspace;
    QHash<QString, ConnectionSecrets> m_secrets;
    QDateTime m_now;
    QComboBox *m_environment = nullptr;
    QComboBox *m_against = nullptr;
    QLineEdit *m_target = nullptr;
    QComboBox *m_format = nullptr;
    QPushButton *m_build = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_print = nullptr;
    QLabel *m_status = nullptr;
    QTextBrowser *m_browser = nullptr;
    std::optional<ReleaseReport> m_report;
    bool m_building = false;
    CancelToken m_task;
};

} // namespace retort::gui
