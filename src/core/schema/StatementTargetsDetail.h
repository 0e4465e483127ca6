#pragma once
// Internal to src/core/schema: what StatementTargets.cpp shares with its two readers,
// PgStatementTargets.cpp (libpg_query's parse tree) and TokenStatementTargets.cpp (SQLite, MySQL).

#include "db/Dialect.h"
#include "schema/StatementTargets.h"

#include <QString>

#include <vector>

namespace retort::statement_targets {

// The statement's first line, shortened for display (at most 120 characters).
QString summaryOf(const QString &text);

// Collects the targets of one statement, all with its line and summary.
struct Collector {
    std::vector<StatementTarget> &out;
    int line = 0;
    QString summary;

    void add(TouchAction action, const QString &kind, const QString &schema, const QString &name,
             const QString &table = {}, const QString &renamedTo = {})
    {
        out.push_back(StatementTarget{action, kind, schema, name, table, renamedTo, line, summary});
    }
};

// The targets of a whole PostgreSQL section (lines within it), appended to `out`.
void postgresqlTargets(const QString &sql, std::vector<StatementTarget> &out);

// The targets of one SQLite or MySQL statement (its text as splitStatements cut it), each with
// `c`'s line and summary.
void tokenizedTargets(const QString &statement, DialectKind dialect, Collector &c);

} // namespace retort::statement_targets
