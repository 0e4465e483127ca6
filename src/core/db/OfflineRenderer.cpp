#include "db/OfflineRenderer.h"

#include "db/StatementSplitter.h"
#include "db/VersionTable.h"
#include "scripts/Script.h"

namespace retort {

namespace {

// Alembic's static_output: the text, its terminator, a blank line.
void chunk(QString &out, const QString &text)
{
    out += text;
    out += u";\n\n";
}

// Alembic's DefaultImpl._exec in offline mode: tabs become four spaces, the text is stripped.
QString alembicStatementText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\t', QStringLiteral("    "));
    return text.trimmed();
}

// Alembic's HeadMaintainer, reduced to what the output depends on: whether any row remains.
void applyToHeads(QStringList &heads, const VersionOp &op)
{
    switch (op.kind) {
    case VersionOp::Insert:
        heads.append(op.to);
        break;
    case VersionOp::Update:
        heads.removeAll(op.from);
        heads.append(op.to);
        break;
    case VersionOp::Delete:
        heads.removeAll(op.from);
        break;
    }
}

QString render(const Plan &plan, const Dialect &dialect, const QString &sectionDriver,
               const TableName &versionTableName, bool createVersionTable)
{
    const VersionTable versionTable(dialect, versionTableName);
    const bool wrap = dialect.alembicTransactionalDdl();
    QString out;
    if (wrap)
        chunk(out, QStringLiteral("BEGIN"));

    QStringList heads = plan.headsBefore;
    bool created = false;
    const auto createIfEmpty = [&] {
        if (createVersionTable && heads.isEmpty() && !created) {
            chunk(out, versionTable.createSqlOffline());
            created = true;
        }
    };
    if (plan.purge) { // Alembic refuses --purge with --sql; render what the plan would do
        createIfEmpty();
        chunk(out, versionTable.deleteAllSql());
        heads.clear();
    }
    for (const PlanStep &step : plan.steps) {
        createIfEmpty();
        out += QStringLiteral("-- Running ") + step.shortLog() + QStringLiteral("\n\n");
        if (step.script) {
            const ScriptSection &section = step.direction == Direction::Upgrade
                                               ? step.script->upgradeFor(sectionDriver)
                                               : step.script->downgradeFor(sectionDriver);
            for (const Statement &statement : splitStatements(section.sql, dialect))
                chunk(out, alembicStatementText(statement.text));
        }
        for (const VersionOp &op : step.versionOps) {
            chunk(out, versionTable.sqlFor(op));
            applyToHeads(heads, op);
        }
    }
    if (heads.isEmpty())
        chunk(out, versionTable.dropSql());

    if (wrap)
        chunk(out, QStringLiteral("COMMIT"));
    return out;
}

} // namespace

QString renderOfflineSql(const Plan &plan, const Dialect &dialect, const TableName &versionTable,
                         bool createVersionTable)
{
    return render(plan, dialect, dialect.name(), versionTable, createVersionTable);
}

QString renderOfflineSql(const Plan &plan, const QString &driver, const TableName &versionTable,
                         bool createVersionTable)
{
    const Result<Dialect> dialect = Dialect::forDriver(driver);
    return render(plan, dialect.ok() ? dialect.value() : Dialect::sqlite(), driver, versionTable,
                  createVersionTable);
}

} // namespace retort
