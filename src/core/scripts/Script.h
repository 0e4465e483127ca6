#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

namespace retort {

// One section of a migration script (the SQL under `-- migrate:upgrade` or `-- migrate:downgrade`).
struct ScriptSection {
    QString sql;       // the text of the section, without its marker line
    int firstLine = 0; // 1-based line in the file of the first line of `sql`; 0 = section absent
    bool present() const { return firstLine > 0; }
};

// The language a migration script is written in.
enum class ScriptLanguage {
    Sql,    // a native `.sql` script: its sections are run as they are
    Python, // an Alembic `.py` revision: metadata only; its SQL sections are absent, and its
            // upgrade()/downgrade() source is shown (readPythonFunctions), never run.
            // Retort never runs it; SQL for it comes from the `alembic` command.
};

// A migration script's metadata and SQL, as read from `versions/<rev>_<slug>.sql` (native) or, for
// metadata only, from an Alembic `.py` file. Plain data; no behaviour beyond section lookup.
struct Script {
    QString revision;          // "Revision ID"
    QStringList downRevisions; // "Revises": empty = a base, several = a merge
    QStringList branchLabels;  // "Branch Labels"
    QStringList dependsOn;     // "Depends On" (revision ids, partial ids or branch labels)
    QString message;           // first comment line
    QString createDate;        // "Create Date" as written
    bool transactional = true; // "Transactional"

    ScriptSection upgrade; // plain sections
    ScriptSection downgrade;
    QHash<QString, ScriptSection> upgradeByDriver; // driver-qualified sections, e.g. "postgresql"
    QHash<QString, ScriptSection> downgradeByDriver;

    ScriptLanguage language = ScriptLanguage::Sql;
    // Python scripts as parsePythonScript returns them: where `def upgrade` / `def downgrade`
    // are in `pythonText` (from the `def` line to the end of the body; firstLine is the `def`
    // line; 0 = no such function). The text is decoded only when asked for (pythonUpgrade()).
    // A loaded project's scripts keep metadata only (no text, no ranges): readPythonFunctions()
    // (PythonScript.h) reads the source when it is shown. Never executed.
    struct TextRange {
        int begin = 0; // byte offsets in pythonText
        int end = 0;
        int firstLine = 0;
    };
    QByteArray pythonText; // the file's bytes (shared with the read buffer), or empty
    TextRange pythonUpgradeRange;
    TextRange pythonDowngradeRange;

    // The source of `def upgrade` / `def downgrade` as a section (firstLine = the `def` line);
    // absent for SQL scripts and for Python scripts without that function.
    ScriptSection pythonUpgrade() const { return pythonSection(pythonUpgradeRange); }
    ScriptSection pythonDowngrade() const { return pythonSection(pythonDowngradeRange); }

    QString path;     // absolute path of the file
    QString fileName; // file name only; the load order sorts by it

    bool isPython() const { return language == ScriptLanguage::Python; }

    ScriptSection pythonSection(const TextRange &r) const
    {
        ScriptSection section;
        if (r.firstLine <= 0)
            return section;
        section.sql = QString::fromUtf8(pythonText.sliced(r.begin, r.end - r.begin));
        section.sql.remove(u'\r');
        section.firstLine = r.firstLine;
        return section;
    }

    // The section to run for `driver`: a qualified section replaces the plain one.
    const ScriptSection &upgradeFor(const QString &driver) const
    {
        auto it = upgradeByDriver.constFind(driver);
        return it != upgradeByDriver.constEnd() ? *it : upgrade;
    }
    const ScriptSection &downgradeFor(const QString &driver) const
    {
        auto it = downgradeByDriver.constFind(driver);
        return it != downgradeByDriver.constEnd() ? *it : downgrade;
    }
};

} // namespace retort
