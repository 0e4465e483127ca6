#pragma once

#include "schema/SchemaModel.h"
#include "workflows/DataPreview.h"

#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTreeWidget;

namespace retort::gui {

class SqlView;

// A migration that touched a schema object, for the Migrations tab (filled by SchemaView's
// MigrationsLookup; workflows/SchemaHistory.h will provide it).
struct SchemaObjectMigration {
    QString revision;  // full id
    QString message;   // the revision's message
    QString action;    // "create", "alter", "drop", "rename", ...
    QString statement; // the statement that touched the object
    QString location;  // "file:line"
};

// What one schema object is, in tabs: Columns, Indexes, Constraints (checks, foreign keys,
// referenced by), Triggers, DDL (the SqlView migrations use), Data (the first rows, read-only)
// and Migrations. A tab with nothing to show for the object is disabled and its title says
// "(0)"; the Data tab applies to relations only.
//
// It holds no connection: when the Data tab is opened for the first time for an object (or its
// Reload is pressed) it emits dataRequested(), and shows what setRows()/setRowsError() bring.
// GUI thread only.
class SchemaObjectDetail final : public QWidget {
    Q_OBJECT

public:
    enum Tab {
        ColumnsTab,
        IndexesTab,
        ConstraintsTab,
        TriggersTab,
        DdlTab,
        DataTab,
        MigrationsTab
    };
    // Longer cell text is cut (with "…") in the Data tab; the tooltip has more.
    static constexpr int maxCellChars = 120;

    explicit SchemaObjectDetail(QWidget *parent = nullptr);

    // Shows one object (copied), or nothing (clear()).
    void showRelation(const SchemaRelation &relation);
    void showSequence(const SchemaSequence &sequence);
    void showType(const SchemaType &type);
    // An object the database lacks that pending revision `revision` creates: what is known of it
    // is its migrations (set with setMigrations, shown first).
    void showPlanned(const QString &schema, const QString &name, const QString &kind,
                     const QString &revision, const QString &message);
    void clear();
    // The Migrations tab's rows for the object shown.
    void setMigrations(const std::vector<SchemaObjectMigration> &migrations);

    // The object shown ("" when none).
    QString objectSchema() const { return m_schema; }
    QString objectName() const { return m_name; }

    // The Data tab: loading, the rows, or why they could not be read. Ignored unless they are
    // about the object shown.
    void setRowsLoading(const QString &schema, const QString &name);
    void setRows(const QString &schema, const QString &name, const RowPreview &rows);
    void setRowsError(const QString &schema, const QString &name, const QString &error);

    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    // The Data tab wants the first rows of `schema`.`name`.
    void dataRequested(const QString &schema, const QString &name);
    // A foreign key's or a "referenced by" row was activated: the other table.
    void objectActivated(const QString &schema, const QString &name);
    // A row of the Migrations tab was activated.
    void revisionActivated(const QString &revision);

private:
    void setupTabs();
    void resetTabs(const QString &title, const QString &facts);
    void fillColumns(const SchemaRelation &r);
    void fillIndexes(const SchemaRelation &r);
    void fillConstraints(const std::vector<SchemaCheck> &checks,
                         const std::vector<SchemaForeignKey> &keys,
                         const std::vector<SchemaReference> &references);
    void fillTriggers(const SchemaRelation &r);
    void setDdl(const QString &ddl);
    void setTabCount(Tab tab, int count);
    void requestDataIfShown();
    // Ends filling in an object: makes `preferred` current if enabled, else the first enabled.
    void showTab(int preferred);

    QLabel *m_title;
    QLabel *m_facts;
    QTabWidget *m_tabs;
    QTreeWidget *m_columns;
    QTreeWidget *m_indexes;
    QTreeWidget *m_constraints;
    QTreeWidget *m_triggers;
    SqlView *m_ddl;
    QLabel *m_dataStatus;
    QPushButton *m_dataReload;
    QTableWidget *m_data;
    QTreeWidget *m_migrations;
    QString m_schema;
    QString m_name;
    bool m_dataApplies = false;
    bool m_dataRequested = false;    // for the object shown
    bool m_filling = false;          // an object is being filled in: tab changes are not the user's
    int m_preferredTab = ColumnsTab; // the tab the user chose last
};

} // namespace retort::gui
