// PostgreSQL's lint rules, read from libpg_query's parse tree (as JSON), one statement at a time.
// Comments, string literals and dollar-quoted bodies are never looked at: only tree nodes are.

#include "lint/LintDetail.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <optional>

namespace retort::lint_detail {

using namespace Qt::Literals::StringLiterals;

namespace {

// The statement's parse tree; nothing when it is not one statement PostgreSQL can parse, and
// then `error` (when given) says why ("syntax error at or near \"THIS\"").
std::optional<QJsonObject> parseOne(const QString &text, QString *error = nullptr)
{
    const QByteArray utf8 = text.toUtf8();
    PgQueryParseResult result = pg_query_parse(utf8.constData());
    std::optional<QJsonObject> stmt;
    if (result.error && error)
        *error = QString::fromUtf8(result.error->message);
    if (!result.error) {
        const QJsonArray stmts =
            QJsonDocument::fromJson(QByteArray(result.parse_tree))["stmts"_L1].toArray();
        if (stmts.size() == 1)
            stmt = stmts.first()["stmt"_L1].toObject();
    }
    pg_query_free_parse_result(result);
    return stmt;
}

QString sval(const QJsonValue &v)
{
    return v["String"_L1]["sval"_L1].toString();
}

// [schema.]relname as written, and the key for sets (relname, lower case).
QString relDisplay(const QJsonValue &rv)
{
    const QString schema = rv["schemaname"_L1].toString();
    const QString name = rv["relname"_L1].toString();
    return schema.isEmpty() ? name : schema + u'.' + name;
}
QString relKey(const QJsonValue &rv)
{
    return rv["relname"_L1].toString().toLower();
}

// A TypeName node: its base name (pg_catalog dropped) and its modifiers.
struct PgType {
    QString base;
    QList<int> mods;
    bool array = false;
    QString text() const
    {
        QString t = base;
        if (!mods.isEmpty()) {
            QStringList m;
            for (int x : mods)
                m.append(QString::number(x));
            t += u'(' + m.join(u',') + u')';
        }
        return array ? t + QStringLiteral("[]") : t;
    }
};

PgType pgType(const QJsonValue &typeName)
{
    PgType t;
    const QJsonArray names = typeName["names"_L1].toArray();
    if (!names.isEmpty())
        t.base = sval(names.last()).toLower();
    for (const QJsonValue &m : typeName["typmods"_L1].toArray())
        if (m["A_Const"_L1]["ival"_L1].isObject())
            t.mods.append(m["A_Const"_L1]["ival"_L1]["ival"_L1].toInt());
        else if (m["A_Const"_L1].isObject()) // ival 0 is left out of the JSON
            t.mods.append(0);
    t.array = typeName["arrayBounds"_L1].isArray();
    return t;
}

PgType pgTypeFromText(const QString &text)
{
    PgType t;
    QString s = text;
    if (s.endsWith(QStringLiteral("[]"))) {
        t.array = true;
        s.chop(2);
    }
    const qsizetype open = s.indexOf(u'(');
    t.base = open < 0 ? s : s.left(open);
    if (open >= 0)
        for (const QString &m : s.mid(open + 1).chopped(1).split(u','))
            t.mods.append(m.toInt());
    return t;
}

bool isSerial(const QString &base)
{
    return base == u"serial" || base == u"serial4" || base == u"bigserial" || base == u"serial8" ||
           base == u"smallserial" || base == u"serial2";
}

// Whether changing a column from `from` to `to` needs no rewrite (binary-coercible widening).
bool isBinaryCoercibleWidening(const PgType &from, const PgType &to)
{
    if (from.array != to.array)
        return false;
    if (from.base == u"varchar") {
        if (to.base == u"text")
            return true;
        if (to.base == u"varchar")
            return to.mods.isEmpty() ||
                   (!from.mods.isEmpty() && to.mods.value(0) >= from.mods.value(0));
    }
    if (from.base == u"text" && to.base == u"text")
        return true;
    if (from.base == u"numeric" && to.base == u"numeric") {
        if (to.mods.isEmpty())
            return true;
        return from.mods.size() == 2 && to.mods.size() == 2 && to.mods[1] == from.mods[1] &&
               to.mods[0] >= from.mods[0];
    }
    return false;
}

// Every FuncCall's name in an expression tree.
void functionNames(const QJsonValue &node, QStringList &out)
{
    if (node.isObject()) {
        const QJsonObject o = node.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (it.key() == u"FuncCall") {
                const QJsonArray names = it.value()["funcname"_L1].toArray();
                if (!names.isEmpty())
                    out.append(sval(names.last()).toLower());
            }
            functionNames(it.value(), out);
        }
    } else if (node.isArray()) {
        for (const QJsonValue &v : node.toArray())
            functionNames(v, out);
    }
}

// Functions known not to be volatile (fast defaults from PostgreSQL 11) and known to be.
bool knownNonVolatile(const QString &f)
{
    static const QSet<QString> names{u"now"_s,
                                     u"transaction_timestamp"_s,
                                     u"statement_timestamp"_s,
                                     u"lower"_s,
                                     u"upper"_s,
                                     u"length"_s,
                                     u"concat"_s,
                                     u"to_char"_s,
                                     u"to_timestamp"_s,
                                     u"to_date"_s,
                                     u"json_build_object"_s,
                                     u"jsonb_build_object"_s,
                                     u"json_build_array"_s,
                                     u"jsonb_build_array"_s,
                                     u"array_fill"_s,
                                     u"make_date"_s,
                                     u"make_interval"_s,
                                     u"current_setting"_s,
                                     u"btrim"_s,
                                     u"trim"_s,
                                     u"md5"_s,
                                     u"abs"_s,
                                     u"round"_s,
                                     u"date_trunc"_s};
    return names.contains(f);
}

// `facts` for a version-aware finding.
QJsonObject versionFacts(const LintOptions &o)
{
    QJsonObject f;
    f["server_version_num"_L1] = o.serverVersionNum;
    if (o.serverVersionNum == 0)
        f["assumed"_L1] = u"the newest PostgreSQL semantics (server version unknown)"_s;
    return f;
}

QString versionText(int num)
{
    return QStringLiteral("%1.%2").arg(num / 10000).arg(num % 10000 / (num >= 100000 ? 1 : 100));
}

// `facts` naming the table a finding concerns (display form: "schema.name" or "name"), for live
// lint (workflows/LintLive.h): "table", and "column" when one column is concerned.
QJsonObject tableFacts(const QString &table, const QString &column = {}, QJsonObject facts = {})
{
    facts["table"_L1] = table;
    if (!column.isEmpty())
        facts["column"_L1] = column;
    return facts;
}

// The plain columns of an index's or a constraint's key, or nothing when one is an expression.
QJsonArray keyColumns(const QJsonArray &elements)
{
    QJsonArray out;
    for (const QJsonValue &e : elements) {
        const QString name =
            e["IndexElem"_L1].isObject() ? e["IndexElem"_L1]["name"_L1].toString() : sval(e);
        if (name.isEmpty())
            return {};
        out.append(name);
    }
    return out;
}

class PgLinter {
public:
    PgLinter(const LintContext &c, const LintOptions &o) : m_ctx(c), m_opt(o) {}

    SectionResult run(const std::vector<Statement> &statements)
    {
        for (const Statement &s : statements) {
            QString error;
            const auto tree = parseOne(s.text, &error);
            StatementKind kind = StatementKind::Other;
            if (tree)
                kind = statement(*tree);
            else if (!error.isEmpty())
                add(u"unparsable-statement"_s,
                    QStringLiteral("PostgreSQL cannot parse this statement (%1): no rule judged "
                                   "it, and the server will refuse it too")
                        .arg(error),
                    QJsonObject{{u"parser_error"_s, error}});
            m_out.kinds.push_back(kind);
            ++m_index;
        }
        return std::move(m_out);
    }

    // Only the creations (postgresCreatedObjects).
    QSet<QString> created(const std::vector<Statement> &statements)
    {
        m_collectOnly = true;
        run(statements);
        return m_created;
    }

private:
    void add(const QString &rule, const QString &message, QJsonObject facts = {})
    {
        if (m_collectOnly)
            return;
        m_out.findings.push_back({m_index, rule, message, std::move(facts)});
    }
    bool version(int below) const
    {
        return m_opt.serverVersionNum > 0 && m_opt.serverVersionNum < below;
    }
    bool createdHere(const QString &table) const { return m_created.contains(u"table:"_s + table); }
    // Whether a destructive rule should stay quiet: the object was created in this section, or
    // this is a downgrade undoing what the upgrade created.
    bool exempt(const QString &object) const
    {
        return m_created.contains(object) || m_ctx.createdByUpgrade.contains(object);
    }
    // DDL on an existing table: require-lock-timeout looks for a SET lock_timeout before it.
    void ddlOn(const QString &table, const QString &what)
    {
        // A table the upgrade created is new to the application a downgrade returns to.
        if (createdHere(table) || m_ctx.createdByUpgrade.contains(u"table:"_s + table) ||
            m_lockTimeoutSet || m_lockTimeoutReported)
            return;
        m_lockTimeoutReported = true;
        add(u"require-lock-timeout"_s,
            QStringLiteral("%1 waits for its lock on %2 with no lock_timeout set in this section: "
                           "while it waits, every query on %2 queues behind it")
                .arg(what, table),
            tableFacts(table));
    }

    StatementKind statement(const QJsonObject &tree)
    {
        const QString node = tree.constBegin().key();
        const QJsonObject s = tree.constBegin().value().toObject();
        if (node == u"CreateStmt")
            createTable(s);
        else if (node == u"CreateTableAsStmt")
            m_created.insert(u"table:"_s + relKey(s["into"_L1]["rel"_L1]));
        else if (node == u"IndexStmt")
            return createIndex(s);
        else if (node == u"DropStmt")
            return drop(s);
        else if (node == u"DropdbStmt")
            add(u"drop-database"_s, QStringLiteral("DROP DATABASE %1 deletes the whole database")
                                        .arg(s["dbname"_L1].toString()));
        else if (node == u"AlterTableStmt")
            alterTable(s);
        else if (node == u"RenameStmt")
            rename(s);
        else if (node == u"TruncateStmt")
            truncate(s);
        else if (node == u"DeleteStmt" || node == u"UpdateStmt")
            deleteOrUpdate(node == u"DeleteStmt", s);
        else if (node == u"AlterEnumStmt")
            return alterEnum(s);
        else if (node == u"CreateSchemaStmt")
            m_created.insert(u"schema:"_s + s["schemaname"_L1].toString().toLower());
        else if (node == u"CreateEnumStmt")
            m_created.insert(u"type:"_s + sval(s["typeName"_L1].toArray().last()).toLower());
        else if (node == u"CreateTrigStmt")
            ddlOn(relKey(s["relation"_L1]), QStringLiteral("CREATE TRIGGER"));
        else if (node == u"VariableSetStmt" || node == u"VariableShowStmt") {
            if (s["name"_L1].toString() == u"lock_timeout" &&
                s["kind"_L1].toString() == u"VAR_SET_VALUE") {
                // lock_timeout = 0 turns the timeout off.
                const QJsonValue value = s["args"_L1].toArray().first()["A_Const"_L1];
                const bool zero =
                    (value["ival"_L1].isObject() && value["ival"_L1]["ival"_L1].toInt() == 0) ||
                    value["sval"_L1]["sval"_L1].toString().trimmed() == u"0";
                m_lockTimeoutSet = !zero;
            }
            return StatementKind::Setting;
        }
        return StatementKind::Other;
    }

    // Type notices for a column's declared type; `skipIdentity`: a finding already says it.
    void columnType(const QString &table, const QString &column, const PgType &t,
                    bool skipIdentity = false)
    {
        const QString col = table + u'.' + column;
        if (m_ctx.section == u"upgrade" && m_ctx.schema && !m_collectOnly) // unqualified key
            m_ctx.schema->columnTypes.insert((table.section(u'.', -1) + u'.' + column).toLower(),
                                             t.text());
        if (t.base == u"bpchar")
            add(u"ban-char-field"_s,
                QStringLiteral("column %1 is %2: char pads with spaces")
                    .arg(col,
                         t.mods.isEmpty() ? u"char"_s : t.text().replace(u"bpchar"_s, u"char"_s)));
        else if (t.base == u"int4" || t.base == u"int2")
            add(u"prefer-bigint-over-int"_s,
                QStringLiteral("column %1 is %2: it overflows at %3")
                    .arg(col, t.base == u"int4" ? u"integer"_s : u"smallint"_s,
                         t.base == u"int4" ? u"2147483647"_s : u"32767"_s));
        else if (isSerial(t.base) && !skipIdentity)
            add(u"prefer-identity"_s,
                QStringLiteral("column %1 is %2: prefer an identity column").arg(col, t.base));
        else if (t.base == u"timestamp")
            add(u"prefer-timestamptz"_s,
                QStringLiteral("column %1 is timestamp without time zone").arg(col));
        else if (t.base == u"varchar" && !t.mods.isEmpty())
            add(u"prefer-text-field"_s,
                QStringLiteral("column %1 is varchar(%2): prefer text").arg(col).arg(t.mods[0]));
    }

    void createTable(const QJsonObject &s)
    {
        const QString table = relKey(s["relation"_L1]);
        m_created.insert(u"table:"_s + table);
        for (const QJsonValue &e : s["tableElts"_L1].toArray()) {
            const QJsonValue def = e["ColumnDef"_L1];
            if (!def.isObject())
                continue;
            const QString column = def["colname"_L1].toString();
            m_created.insert(u"column:"_s + table + u'.' + column.toLower());
            columnType(relDisplay(s["relation"_L1]), column, pgType(def["typeName"_L1]));
        }
    }

    StatementKind createIndex(const QJsonObject &s)
    {
        const QString table = relKey(s["relation"_L1]);
        const QString display = relDisplay(s["relation"_L1]);
        const QString name = s["idxname"_L1].toString();
        const bool concurrent = s["concurrent"_L1].toBool();
        const QString what =
            (s["unique"_L1].toBool() ? u"CREATE UNIQUE INDEX "_s : u"CREATE INDEX "_s) +
            (name.isEmpty() ? u"(unnamed)"_s : name);
        if (!name.isEmpty())
            m_created.insert(u"index:"_s + name.toLower());
        if (concurrent && m_ctx.transactional)
            add(u"concurrent-index-in-transaction"_s,
                QStringLiteral("%1 CONCURRENTLY on %2 cannot run in a transaction: the script "
                               "needs `-- Transactional: false`")
                    .arg(what, display));
        if (!concurrent && !createdHere(table)) {
            QJsonObject facts = tableFacts(display);
            const QJsonArray columns = keyColumns(s["indexParams"_L1].toArray());
            if (s["unique"_L1].toBool() && !columns.isEmpty()) {
                facts["columns"_L1] = columns;
                facts["data_check"_L1] = u"unique"_s;
            }
            add(u"require-concurrent-index-creation"_s,
                QStringLiteral("%1 on %2 without CONCURRENTLY blocks writes to %2 while it builds")
                    .arg(what, display),
                facts);
        }
        ddlOn(table, what);
        return concurrent ? StatementKind::NeedsNoTransaction : StatementKind::Other;
    }

    StatementKind drop(const QJsonObject &s)
    {
        const QString type = s["removeType"_L1].toString();
        const bool concurrent = s["concurrent"_L1].toBool();
        const bool cascade = s["behavior"_L1].toString() == u"DROP_CASCADE";
        for (const QJsonValue &object : s["objects"_L1].toArray()) {
            QStringList names;
            if (object["List"_L1].isObject())
                for (const QJsonValue &n : object["List"_L1]["items"_L1].toArray())
                    names.append(sval(n));
            else
                names.append(sval(object));
            const QString display = names.join(u'.');
            const QString key = names.isEmpty() ? QString() : names.last().toLower();
            if (type == u"OBJECT_TABLE") {
                if (!exempt(u"table:"_s + key))
                    add(u"drop-table"_s,
                        QStringLiteral("DROP TABLE %1 deletes the table and all its rows%2")
                            .arg(display,
                                 cascade ? u" (CASCADE: and what depends on it)"_s : QString()),
                        tableFacts(display));
                ddlOn(key, QStringLiteral("DROP TABLE %1").arg(display));
            } else if (type == u"OBJECT_SCHEMA") {
                if (!exempt(u"schema:"_s + key))
                    add(u"drop-schema"_s,
                        QStringLiteral("DROP SCHEMA %1 deletes the schema%2")
                            .arg(display,
                                 cascade ? u" and everything in it (CASCADE)"_s : QString()));
            } else if (type == u"OBJECT_INDEX") {
                if (concurrent && m_ctx.transactional)
                    add(u"concurrent-index-in-transaction"_s,
                        QStringLiteral(
                            "DROP INDEX CONCURRENTLY %1 cannot run in a transaction: the "
                            "script needs `-- Transactional: false`")
                            .arg(display));
                if (!concurrent && !m_created.contains(u"index:"_s + key))
                    add(u"require-concurrent-index-deletion"_s,
                        QStringLiteral("DROP INDEX %1 without CONCURRENTLY locks its table against "
                                       "reads and writes until it is done")
                            .arg(display),
                        QJsonObject{{"index"_L1, display}});
            }
        }
        return concurrent ? StatementKind::NeedsNoTransaction : StatementKind::Other;
    }

    void alterTable(const QJsonObject &s)
    {
        if (s["objtype"_L1].toString() != u"OBJECT_TABLE")
            return;
        const QString table = relKey(s["relation"_L1]);
        const QString display = relDisplay(s["relation"_L1]);
        const bool existing = !createdHere(table);
        bool ddl = false;
        for (const QJsonValue &c : s["cmds"_L1].toArray()) {
            const QJsonObject cmd = c["AlterTableCmd"_L1].toObject();
            const QString sub = cmd["subtype"_L1].toString();
            const QString column = cmd["name"_L1].toString();
            ddl = true;
            if (sub == u"AT_AddColumn")
                addColumn(table, display, cmd["def"_L1]["ColumnDef"_L1].toObject(), existing);
            else if (sub == u"AT_DropColumn") {
                if (existing && !exempt(u"column:"_s + table + u'.' + column.toLower()))
                    add(u"drop-column"_s,
                        QStringLiteral("DROP COLUMN %1.%2 deletes the column's data; the running "
                                       "application may still use it")
                            .arg(display, column),
                        tableFacts(display, column));
            } else if (sub == u"AT_AlterColumnType")
                alterType(table, display, column, cmd["def"_L1]["ColumnDef"_L1].toObject(),
                          existing);
            else if (sub == u"AT_SetNotNull")
                setNotNull(table, display, column, existing);
            else if (sub == u"AT_AddConstraint")
                addConstraint(table, display, cmd["def"_L1]["Constraint"_L1].toObject(), existing);
            else if (sub == u"AT_ValidateConstraint") {
                const QString key = table + u'/' + column.toLower();
                if (m_notNullChecks.contains(key))
                    m_validatedNotNull.insert(table + u'.' + m_notNullChecks.value(key));
            }
        }
        if (ddl)
            ddlOn(table, QStringLiteral("ALTER TABLE %1").arg(display));
    }

    void addColumn(const QString &table, const QString &display, const QJsonObject &def,
                   bool existing)
    {
        const QString column = def["colname"_L1].toString();
        const PgType type = pgType(def["typeName"_L1]);
        bool primary = false, notNull = false, identity = false, generated = false;
        std::optional<QJsonValue> defaultExpr;
        for (const QJsonValue &c : def["constraints"_L1].toArray()) {
            const QString contype = c["Constraint"_L1]["contype"_L1].toString();
            if (contype == u"CONSTR_PRIMARY")
                primary = true;
            else if (contype == u"CONSTR_NOTNULL")
                notNull = true;
            else if (contype == u"CONSTR_IDENTITY")
                identity = true;
            else if (contype == u"CONSTR_DEFAULT")
                defaultExpr = c["Constraint"_L1]["raw_expr"_L1];
            else if (contype == u"CONSTR_GENERATED")
                generated = true;
        }
        const QString col = display + u'.' + column;
        m_created.insert(u"column:"_s + table + u'.' + column.toLower());
        const bool pkFinding = existing && primary;
        columnType(display, column, type, pkFinding);
        if (!existing)
            return;
        if (primary) {
            add(u"adding-serial-primary-key"_s,
                QStringLiteral("ADD COLUMN %1 PRIMARY KEY fills every row of %2 and builds its "
                               "index under an ACCESS EXCLUSIVE lock")
                    .arg(col, display),
                tableFacts(display, column));
            return;
        }
        if (generated) {
            add(u"adding-field-with-volatile-default"_s,
                QStringLiteral("ADD COLUMN %1 GENERATED ALWAYS AS (...) STORED computes every row: "
                               "%2 is rewritten under an ACCESS EXCLUSIVE lock")
                    .arg(col, display),
                tableFacts(display, column));
            return;
        }
        if (isSerial(type.base) || identity) {
            add(u"adding-field-with-volatile-default"_s,
                QStringLiteral("ADD COLUMN %1 (%2) fills every row from a sequence: %3 is "
                               "rewritten under an ACCESS EXCLUSIVE lock")
                    .arg(col, identity ? u"identity"_s : type.base, display),
                tableFacts(display, column));
            return;
        }
        const bool nullDefault = defaultExpr && (*defaultExpr)["A_Const"_L1]["isnull"_L1].toBool();
        if (defaultExpr && !nullDefault) {
            QStringList functions;
            functionNames(*defaultExpr, functions);
            QString volatileFn;
            for (const QString &f : functions)
                if (!knownNonVolatile(f)) {
                    volatileFn = f;
                    break;
                }
            if (!volatileFn.isEmpty()) {
                QJsonObject facts = tableFacts(display, column);
                facts["function"_L1] = volatileFn;
                add(u"adding-field-with-volatile-default"_s,
                    QStringLiteral("ADD COLUMN %1 DEFAULT %2(): a volatile default rewrites %3 "
                                   "under an ACCESS EXCLUSIVE lock")
                        .arg(col, volatileFn, display),
                    facts);
            } else if (version(110000)) {
                add(u"adding-field-with-volatile-default"_s,
                    QStringLiteral("ADD COLUMN %1 with a default rewrites %2 under an ACCESS "
                                   "EXCLUSIVE lock before PostgreSQL 11 (server %3)")
                        .arg(col, display, versionText(m_opt.serverVersionNum)),
                    tableFacts(display, column, versionFacts(m_opt)));
            }
        }
        if (notNull && (!defaultExpr || nullDefault))
            add(u"adding-not-nullable-field"_s,
                QStringLiteral("ADD COLUMN %1 NOT NULL without a default fails when %2 has rows")
                    .arg(col, display),
                tableFacts(display, column, QJsonObject{{"data_check"_L1, u"has_rows"_s}}));
    }

    void alterType(const QString &table, const QString &display, const QString &column,
                   const QJsonObject &def, bool existing)
    {
        const PgType to = pgType(def["typeName"_L1]);
        const QString key = (table + u'.' + column).toLower();
        const std::optional<QString> fromText =
            m_ctx.schema && m_ctx.schema->columnTypes.contains(key)
                ? std::optional(m_ctx.schema->columnTypes.value(key))
                : std::nullopt;
        columnType(display, column, to);
        if (!existing)
            return;
        const bool usingClause = def["raw_default"_L1].isObject();
        QJsonObject facts = tableFacts(display, column);
        facts["new_type"_L1] = to.text();
        if (fromText) {
            facts["old_type"_L1] = *fromText;
            if (!usingClause && isBinaryCoercibleWidening(pgTypeFromText(*fromText), to))
                return;
        }
        add(u"changing-column-type"_s,
            QStringLiteral("ALTER COLUMN %1.%2 TYPE %3%4 rewrites %1 under an ACCESS EXCLUSIVE "
                           "lock%5")
                .arg(display, column, to.text(),
                     fromText ? QStringLiteral(" (from %1)").arg(*fromText) : QString(),
                     fromText ? QString()
                              : u" unless it is a binary-coercible widening (the old "
                                "type is not known from earlier migrations)"_s),
            facts);
    }

    QJsonObject notNullFacts(const QString &display, const QString &column) const
    {
        QJsonObject facts = versionFacts(m_opt);
        facts["data_check"_L1] = u"not_null"_s;
        return tableFacts(display, column, facts);
    }

    void setNotNull(const QString &table, const QString &display, const QString &column,
                    bool existing)
    {
        if (!existing)
            return;
        const QString col = display + u'.' + column;
        if (version(120000)) {
            add(u"set-not-null-without-valid-check"_s,
                QStringLiteral("SET NOT NULL on %1 scans %2 under an ACCESS EXCLUSIVE lock "
                               "(before PostgreSQL 12 (server %3) a CHECK cannot spare the scan)")
                    .arg(col, display, versionText(m_opt.serverVersionNum)),
                notNullFacts(display, column));
            return;
        }
        if (m_validatedNotNull.contains(table + u'.' + column.toLower()))
            return;
        add(u"set-not-null-without-valid-check"_s,
            QStringLiteral("SET NOT NULL on %1 scans %2 under an ACCESS EXCLUSIVE lock: no "
                           "validated CHECK (%3 IS NOT NULL) comes before it")
                .arg(col, display, column),
            notNullFacts(display, column));
    }

    void addConstraint(const QString &table, const QString &display, const QJsonObject &c,
                       bool existing)
    {
        const QString contype = c["contype"_L1].toString();
        const QString name = c["conname"_L1].toString();
        const bool notValid = c["skip_validation"_L1].toBool();
        const QString named = name.isEmpty() ? QString() : u' ' + name;
        if (contype == u"CONSTR_CHECK") {
            const QJsonValue test = c["raw_expr"_L1]["NullTest"_L1];
            if (test.isObject() && test["nulltesttype"_L1].toString() == u"IS_NOT_NULL") {
                const QJsonArray fields = test["arg"_L1]["ColumnRef"_L1]["fields"_L1].toArray();
                if (fields.size() == 1) {
                    const QString col = sval(fields.first()).toLower();
                    m_notNullChecks.insert(table + u'/' + name.toLower(), col);
                    if (!notValid)
                        m_validatedNotNull.insert(table + u'.' + col);
                }
            }
        }
        if (!existing)
            return;
        if ((contype == u"CONSTR_FOREIGN" || contype == u"CONSTR_CHECK") && !notValid) {
            const bool fk = contype == u"CONSTR_FOREIGN";
            QJsonObject facts = tableFacts(display);
            if (fk)
                facts["tables"_L1] = QJsonArray{display, relDisplay(c["pktable"_L1])};
            add(u"constraint-missing-not-valid"_s,
                fk ? QStringLiteral("ADD CONSTRAINT%1 FOREIGN KEY on %2 without NOT VALID checks "
                                    "every row while blocking writes to %2 and %3")
                         .arg(named, display, relDisplay(c["pktable"_L1]))
                   : QStringLiteral("ADD CONSTRAINT%1 CHECK on %2 without NOT VALID checks every "
                                    "row while blocking writes to %2")
                         .arg(named, display),
                facts);
        } else if ((contype == u"CONSTR_UNIQUE" || contype == u"CONSTR_PRIMARY") &&
                   c["indexname"_L1].toString().isEmpty()) {
            QJsonObject facts = tableFacts(display);
            const QJsonArray columns = keyColumns(c["keys"_L1].toArray());
            if (!columns.isEmpty()) {
                facts["columns"_L1] = columns;
                facts["data_check"_L1] = u"unique"_s;
            }
            add(u"adding-unique-constraint"_s,
                QStringLiteral("ADD CONSTRAINT%1 %2 on %3 builds its index while %3 is locked "
                               "against reads and writes")
                    .arg(named, contype == u"CONSTR_UNIQUE" ? u"UNIQUE"_s : u"PRIMARY KEY"_s,
                         display),
                facts);
        }
    }

    void rename(const QJsonObject &s)
    {
        const QString type = s["renameType"_L1].toString();
        const QString table = relKey(s["relation"_L1]);
        const QString display = relDisplay(s["relation"_L1]);
        const QString newName = s["newname"_L1].toString();
        if (type == u"OBJECT_TABLE") {
            if (!createdHere(table))
                add(u"rename-table"_s,
                    QStringLiteral("RENAME TABLE %1 TO %2 breaks the running application, which "
                                   "still uses %1")
                        .arg(display, newName),
                    tableFacts(display));
            ddlOn(table, QStringLiteral("ALTER TABLE %1 RENAME").arg(display));
            m_created.insert(u"table:"_s + newName.toLower());
        } else if (type == u"OBJECT_COLUMN" && s["relationType"_L1].toString() == u"OBJECT_TABLE") {
            const QString column = s["subname"_L1].toString();
            if (!createdHere(table))
                add(u"rename-column"_s,
                    QStringLiteral("RENAME COLUMN %1.%2 TO %3 breaks the running application, "
                                   "which still uses %2")
                        .arg(display, column, newName),
                    tableFacts(display, column));
            ddlOn(table, QStringLiteral("ALTER TABLE %1 RENAME COLUMN").arg(display));
        }
    }

    void truncate(const QJsonObject &s)
    {
        for (const QJsonValue &r : s["relations"_L1].toArray()) {
            const QJsonValue rv = r["RangeVar"_L1];
            if (createdHere(relKey(rv)))
                continue;
            add(u"truncate"_s,
                QStringLiteral("TRUNCATE %1 deletes every row of %1").arg(relDisplay(rv)),
                tableFacts(relDisplay(rv)));
            ddlOn(relKey(rv), QStringLiteral("TRUNCATE %1").arg(relDisplay(rv)));
        }
    }

    void deleteOrUpdate(bool isDelete, const QJsonObject &s)
    {
        if (s["whereClause"_L1].isObject() || createdHere(relKey(s["relation"_L1])))
            return;
        add(u"delete-or-update-without-where"_s,
            QStringLiteral("%1 %2 without WHERE changes every row of %2")
                .arg(isDelete ? u"DELETE FROM"_s : u"UPDATE"_s, relDisplay(s["relation"_L1])),
            tableFacts(relDisplay(s["relation"_L1])));
    }

    StatementKind alterEnum(const QJsonObject &s)
    {
        if (s["newVal"_L1].toString().isEmpty() || s["oldVal"_L1].isString())
            return StatementKind::Other; // RENAME VALUE
        const QStringList names = [&] {
            QStringList n;
            for (const QJsonValue &v : s["typeName"_L1].toArray())
                n.append(sval(v));
            return n;
        }();
        if (m_ctx.transactional && version(120000))
            add(u"enum-value-in-transaction"_s,
                QStringLiteral("ALTER TYPE %1 ADD VALUE cannot run in a transaction before "
                               "PostgreSQL 12 (server %2)")
                    .arg(names.join(u'.'), versionText(m_opt.serverVersionNum)),
                versionFacts(m_opt));
        return StatementKind::NeedsNoTransaction;
    }

    const LintContext &m_ctx;
    const LintOptions &m_opt;
    SectionResult m_out;
    int m_index = 0;
    bool m_collectOnly = false;
    QSet<QString> m_created;                 // "table:x", "column:x.c", "index:i", ...
    QHash<QString, QString> m_notNullChecks; // "table/constraint" -> column
    QSet<QString> m_validatedNotNull;        // "table.column"
    bool m_lockTimeoutSet = false;
    bool m_lockTimeoutReported = false;
};

} // namespace

SectionResult lintPostgres(const std::vector<Statement> &statements, const LintContext &context,
                           const LintOptions &options)
{
    return PgLinter(context, options).run(statements);
}

QSet<QString> postgresCreatedObjects(const std::vector<Statement> &statements)
{
    const LintContext context;
    const LintOptions options;
    return PgLinter(context, options).created(statements);
}

} // namespace retort::lint_detail
