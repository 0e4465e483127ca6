// SQLite's lint rules, read from schema/SqlTokens.h's tokens. What ALTER TABLE cannot do follows
// sqlite.org/lang_altertable.html; tests/core/LintSqliteTest.cpp runs every case on the real
// SQLite the project links and checks that the statement fails exactly when the rule fires.

#include "lint/LintTokens.h"

#include <QJsonArray>

namespace retort::lint_detail {

using namespace Qt::Literals::StringLiterals;

namespace {

// The statement kinds the rebuild pattern is made of, read in a first pass over the section.
struct Shape {
    enum Kind {
        None,
        CreateTable,
        InsertSelect,
        DropTable,
        RenameTable,
        FkPragma,
        FkCheck,
        Begin,
        Commit
    };
    Kind kind = None;
    QString table;   // created, inserted into, dropped, renamed
    QString other;   // INSERT ... SELECT's source table; RENAME's new name
    bool on = false; // FkPragma: foreign_keys = ON
};

bool isConstraintWord(const SqlToken &t)
{
    static const QStringList words{u"CONSTRAINT"_s, u"PRIMARY"_s,   u"NOT"_s,     u"NULL"_s,
                                   u"UNIQUE"_s,     u"CHECK"_s,     u"DEFAULT"_s, u"COLLATE"_s,
                                   u"REFERENCES"_s, u"GENERATED"_s, u"AS"_s};
    return t.kind == SqlToken::Word && words.contains(t.text.toUpper());
}

// An SQLite column definition.
struct SqColumn {
    QString name;
    LintColumnInfo info;
    bool hasDefault = false;
    bool nullDefault = false;
    bool nonConstantDefault = false; // (expr) or CURRENT_TIME/DATE/TIMESTAMP
    QString defaultText;
    bool references = false;
    QString refTable;
    QStringList checkNames; // identifiers in its CHECK and generated expressions
};

class SqLinter : public TokenLinter {
public:
    SqLinter(const LintContext &c, const LintOptions &o) : TokenLinter(c, o)
    {
        m_schema = c.schema ? c.schema : &m_local;
    }

    SectionResult run(const std::vector<Statement> &statements)
    {
        for (const Statement &s : statements) {
            m_all.push_back(sqlTokens(s.text, DialectKind::Sqlite));
            m_shapes.push_back(shapeOf(m_all.back()));
        }
        bool inOwnTransaction = false;
        for (size_t i = 0; i < statements.size(); ++i) {
            m_index = int(i);
            m_text = statements[i].text;
            StatementKind kind = statement(m_all[i]);
            const Shape::Kind shape = m_shapes[i].kind;
            if (shape == Shape::Begin)
                inOwnTransaction = true;
            // Inside the script's own BEGIN ... COMMIT the statements are atomic together.
            if (inOwnTransaction && kind == StatementKind::Other)
                kind = StatementKind::Setting;
            if (shape == Shape::Commit)
                inOwnTransaction = false;
            m_out.kinds.push_back(kind);
        }
        return std::move(m_out);
    }

private:
    using Cur = TokenCursor;

    static Shape shapeOf(const std::vector<SqlToken> &tokens)
    {
        Cur c(tokens);
        Shape s;
        const QString first = c.firstWord();
        c.pos = 1;
        if (first == u"CREATE") {
            if (!c.accept(u"TEMP"))
                c.accept(u"TEMPORARY");
            if (c.accept(u"TABLE")) {
                c.skipIfExists();
                s.kind = Shape::CreateTable;
                s.table = c.qualifiedName().name;
            }
        } else if (first == u"INSERT" || first == u"REPLACE") {
            while (!c.atEnd() && !c.is(u"INTO"))
                ++c.pos;
            if (c.accept(u"INTO")) {
                s.table = c.qualifiedName().name;
                for (; !c.atEnd(); ++c.pos)
                    if (c.is(u"FROM")) {
                        ++c.pos;
                        s.other = c.qualifiedName().name;
                        s.kind = Shape::InsertSelect;
                        break;
                    }
            }
        } else if (first == u"DROP" && c.accept(u"TABLE")) {
            c.skipIfExists();
            s.kind = Shape::DropTable;
            s.table = c.qualifiedName().name;
        } else if (first == u"ALTER" && c.accept(u"TABLE")) {
            const QString table = c.qualifiedName().name;
            if (c.accept({u"RENAME", u"TO"})) {
                s.kind = Shape::RenameTable;
                s.table = table;
                s.other = c.qualifiedName().name;
            }
        } else if (first == u"PRAGMA") {
            const Cur::Name n = c.qualifiedName();
            if (n.name == u"foreign_keys") {
                c.acceptPunct(u'=');
                c.acceptPunct(u'(');
                const QString v = c.peek().text.toLower();
                if (!v.isEmpty()) {
                    s.kind = Shape::FkPragma;
                    s.on = v == u"1" || v == u"on" || v == u"true" || v == u"yes";
                }
            } else if (n.name == u"foreign_key_check") {
                s.kind = Shape::FkCheck;
            }
        } else if (first == u"BEGIN" || (first == u"SAVEPOINT")) {
            s.kind = Shape::Begin;
        } else if (first == u"COMMIT" || first == u"END" || first == u"RELEASE" ||
                   first == u"ROLLBACK") {
            s.kind = Shape::Commit;
        }
        return s;
    }

    // Whether statement `i` (DROP TABLE x) is part of a hand-written rebuild: x's rows were
    // copied into another table before it (INSERT INTO y SELECT ... FROM x), and y takes x's
    // place: renamed to x afterwards, or x is the old table renamed away before the copy.
    bool isRebuildDrop(size_t i) const
    {
        const QString x = m_shapes[i].table;
        for (size_t j = 0; j < i; ++j) {
            const Shape &copy = m_shapes[j];
            if (copy.kind != Shape::InsertSelect || copy.other != x || copy.table == x)
                continue;
            for (size_t k = i + 1; k < m_shapes.size(); ++k)
                if (m_shapes[k].kind == Shape::RenameTable && m_shapes[k].table == copy.table &&
                    m_shapes[k].other == x)
                    return true;
            for (size_t k = 0; k < j; ++k)
                if (m_shapes[k].kind == Shape::RenameTable && m_shapes[k].other == x &&
                    m_shapes[k].table == copy.table)
                    return true;
        }
        return false;
    }
    // Whether statement `i` (ALTER TABLE o RENAME TO x) moves an old table aside for a rebuild:
    // o is created again later and filled from x, which is then dropped.
    bool isRebuildRename(size_t i) const
    {
        const QString o = m_shapes[i].table, x = m_shapes[i].other;
        bool recreated = false, copied = false;
        for (size_t k = i + 1; k < m_shapes.size(); ++k) {
            const Shape &s = m_shapes[k];
            if (s.kind == Shape::CreateTable && s.table == o)
                recreated = true;
            else if (s.kind == Shape::InsertSelect && s.table == o && s.other == x)
                copied = true;
            else if (s.kind == Shape::DropTable && s.table == x)
                return recreated && copied;
        }
        return false;
    }

    int version() const { return m_opt.serverVersionNum; }
    bool before(int v) const { return version() > 0 && version() < v; }

    LintTableInfo *table(const QString &name)
    {
        const auto it = m_schema->tables.find(name);
        return it == m_schema->tables.end() ? nullptr : &*it;
    }

    StatementKind statement(const std::vector<SqlToken> &tokens)
    {
        Cur c(tokens);
        const QString first = c.firstWord();
        c.pos = 1;
        if (first == u"CREATE") {
            create(c);
        } else if (first == u"ALTER") {
            if (c.accept(u"TABLE"))
                alterTable(c);
        } else if (first == u"DROP") {
            drop(c);
        } else if (first == u"DELETE" || first == u"UPDATE") {
            if (first == u"DELETE")
                c.accept(u"FROM");
            else if (c.accept(u"OR"))
                ++c.pos;
            const Cur::Name n = c.qualifiedName();
            if (n.valid())
                deleteOrUpdate(m_index, first == u"DELETE", n.name, n.display,
                               c.hasKeywordAtDepth0(u"WHERE", c.pos));
        } else if (first == u"PRAGMA") {
            const Shape &s = m_shapes[size_t(m_index)];
            if (s.kind == Shape::FkPragma) {
                m_fkOff = !s.on;
                m_fkOn = s.on;
                return StatementKind::NeedsNoTransaction;
            }
            return StatementKind::Setting;
        } else if (first == u"SELECT" || first == u"BEGIN" || first == u"COMMIT" ||
                   first == u"END" || first == u"SAVEPOINT" || first == u"RELEASE" ||
                   first == u"ANALYZE") {
            return StatementKind::Setting;
        }
        return StatementKind::Other;
    }

    // Identifiers inside the parenthesised expression at the cursor (consumed), lower case.
    QStringList identsInParens(Cur &c)
    {
        QStringList out;
        const size_t open = c.skipParens();
        if (open == size_t(-1))
            return out;
        for (size_t i = open + 1; i + 1 < c.pos; ++i)
            if (c.at(i).isIdent())
                out.append(c.at(i).text.toLower());
        return out;
    }

    SqColumn column(Cur &c, const QString &name)
    {
        SqColumn col;
        col.name = name;
        QStringList type;
        while (!c.atEnd() && !c.isPunct(u',') && !c.isPunct(u')') && !isConstraintWord(c.peek())) {
            if (c.isPunct(u'(')) {
                const size_t open = c.skipParens();
                type.append(c.textBetween(m_text, open, c.pos));
            } else {
                type.append(c.peek().text.toLower());
                ++c.pos;
            }
        }
        col.info.type = type.join(u' ');
        while (!c.atEnd() && !c.isPunct(u',') && !c.isPunct(u')')) {
            if (c.accept(u"CONSTRAINT")) {
                c.ident();
            } else if (c.accept({u"PRIMARY", u"KEY"})) {
                col.info.primaryKey = true;
            } else if (c.accept({u"NOT", u"NULL"})) {
                col.info.notNull = true;
            } else if (c.accept(u"UNIQUE")) {
                col.info.unique = true;
            } else if (c.accept(u"CHECK")) {
                for (const QString &n : identsInParens(c))
                    if (n != name.toLower())
                        col.checkNames.append(n);
            } else if (c.accept(u"DEFAULT")) {
                col.hasDefault = true;
                const size_t from = c.pos;
                if (c.isPunct(u'(')) {
                    c.skipParens();
                } else {
                    if (c.isPunct(u'-') || c.isPunct(u'+'))
                        ++c.pos;
                    if (c.peek().kind == SqlToken::Word && c.at(c.pos + 1).kind == SqlToken::String)
                        ++c.pos; // X'1F'
                    ++c.pos;
                }
                // What ADD COLUMN accepts is a value SQLite can read without evaluating: a
                // literal, a signed number, NULL, TRUE/FALSE, in parentheses or not; not
                // CURRENT_TIME/DATE/TIMESTAMP, not (1 + 2), not a function call.
                size_t b = from, e = c.pos;
                while (e > b + 1 && c.at(b).isPunct(u'(') && c.at(e - 1).isPunct(u')')) {
                    ++b;
                    --e;
                }
                if (b < e && (c.at(b).isPunct(u'-') || c.at(b).isPunct(u'+')))
                    ++b;
                if (e == b + 2 && c.at(b).kind == SqlToken::Word &&
                    c.at(b + 1).kind == SqlToken::String)
                    ++b;
                const SqlToken &v = c.at(b);
                col.nullDefault = e == b + 1 && v.is(u"NULL");
                col.nonConstantDefault =
                    e != b + 1 || (v.kind != SqlToken::Number && v.kind != SqlToken::String &&
                                   !v.is(u"NULL") && !v.is(u"TRUE") && !v.is(u"FALSE"));
                col.defaultText = c.textBetween(m_text, from, c.pos);
            } else if (c.accept(u"REFERENCES")) {
                col.references = true;
                col.refTable = c.qualifiedName().name;
            } else if (c.accept(u"GENERATED")) {
                c.accept(u"ALWAYS");
            } else if (c.accept(u"AS")) {
                col.info.generated = true;
                col.checkNames.append(identsInParens(c));
                if (c.accept(u"STORED"))
                    col.info.stored = true;
                else
                    c.accept(u"VIRTUAL");
            } else if (c.isPunct(u'(')) {
                c.skipParens();
            } else {
                ++c.pos;
            }
        }
        return col;
    }

    void create(Cur &c)
    {
        const bool unique = c.accept(u"UNIQUE");
        if (!c.accept(u"TEMP"))
            c.accept(u"TEMPORARY");
        if (c.accept(u"TABLE"))
            return createTable(c);
        if (c.accept(u"INDEX"))
            return createIndex(c, unique);
        if (c.accept(u"VIEW") || c.accept(u"TRIGGER")) {
            const bool view = c.at(c.pos - 1).is(u"VIEW");
            c.skipIfExists();
            const Cur::Name n = c.qualifiedName();
            if (n.valid()) {
                created.insert((view ? u"view:"_s : u"trigger:"_s) + n.name);
                m_schema->dependents.insert((view ? u"view:"_s : u"trigger:"_s) + n.name,
                                            m_text.toLower());
            }
        }
    }

    void createTable(Cur &c)
    {
        c.skipIfExists();
        const Cur::Name n = c.qualifiedName();
        if (!n.valid())
            return;
        created.insert(u"table:"_s + n.name);
        LintTableInfo info;
        if (c.acceptPunct(u'(')) {
            while (!c.atEnd() && !c.isPunct(u')')) {
                if (c.accept(u"CONSTRAINT"))
                    c.ident();
                if (c.accept({u"PRIMARY", u"KEY"}) || c.accept(u"UNIQUE")) {
                    const bool pk = c.at(c.pos - 1).is(u"KEY");
                    for (const QString &col : identsInParens(c)) {
                        if (!info.columns.contains(col))
                            continue;
                        if (pk)
                            info.columns[col].primaryKey = true;
                        else
                            info.columns[col].unique = true;
                    }
                } else if (c.accept(u"CHECK")) {
                    for (const QString &col : identsInParens(c))
                        info.constrained.insert(col);
                } else if (c.accept({u"FOREIGN", u"KEY"})) {
                    for (const QString &col : identsInParens(c))
                        info.constrained.insert(col);
                    if (c.accept(u"REFERENCES"))
                        info.references.insert(c.qualifiedName().name);
                } else if (c.peek().isIdent()) {
                    const QString name = c.ident();
                    const SqColumn col = column(c, name);
                    const QString key = name.toLower();
                    info.columns.insert(key, col.info);
                    for (const QString &other : col.checkNames)
                        info.constrained.insert(other);
                    // A column's own REFERENCES does not stop DROP COLUMN (a table-level
                    // FOREIGN KEY naming it does).
                    if (col.references)
                        info.references.insert(col.refTable);
                    created.insert(u"column:"_s + n.name + u'.' + key);
                }
                c.skipToComma();
                if (!c.acceptPunct(u','))
                    break;
            }
        }
        m_schema->tables.insert(n.name, info);
    }

    void createIndex(Cur &c, bool unique)
    {
        Q_UNUSED(unique);
        c.skipIfExists();
        const Cur::Name n = c.qualifiedName();
        if (!c.accept(u"ON") || !n.valid())
            return;
        created.insert(u"index:"_s + n.name);
        const Cur::Name t = c.qualifiedName();
        LintTableInfo *info = table(t.name);
        const QStringList cols = identsInParens(c);
        if (info)
            for (const QString &col : cols)
                info->indexed.insert(col);
        if (c.accept(u"WHERE"))
            m_schema->dependents.insert(u"index:"_s + n.name, m_text.toLower());
    }

    void drop(Cur &c)
    {
        if (c.accept(u"TABLE")) {
            c.skipIfExists();
            const Cur::Name n = c.qualifiedName();
            if (!n.valid())
                return;
            const bool rebuild = isRebuildDrop(size_t(m_index));
            QStringList referencedBy;
            for (auto it = m_schema->tables.constBegin(); it != m_schema->tables.constEnd(); ++it)
                if (it.key() != n.name && it->references.contains(n.name))
                    referencedBy.append(it.key());
            if (!rebuild)
                dropTable(m_index, n.name, n.display, false);
            // A rebuild's old table may be one this section renamed away (Alembic's batch
            // mode): the rule applies to it all the same.
            if (rebuild || (!referencedBy.isEmpty() && !exempt(u"table:"_s + n.name)))
                foreignKeys(n, rebuild, referencedBy);
            m_schema->tables.remove(n.name);
        } else if (c.accept(u"INDEX") || c.accept(u"VIEW") || c.accept(u"TRIGGER")) {
            const QString kind = c.at(c.pos - 1).text.toLower();
            c.skipIfExists();
            const Cur::Name n = c.qualifiedName();
            m_schema->dependents.remove(kind + u':' + n.name);
        }
    }

    // foreign-keys-off-during-rebuild for the DROP TABLE of a rebuild (or of a referenced table).
    void foreignKeys(const Cur::Name &n, bool rebuild, const QStringList &referencedBy)
    {
        bool onAfter = false, checkAfter = false;
        for (size_t k = size_t(m_index) + 1; k < m_shapes.size(); ++k) {
            if (m_shapes[k].kind == Shape::FkPragma && m_shapes[k].on)
                onAfter = true;
            if (m_shapes[k].kind == Shape::FkCheck)
                checkAfter = true;
        }
        for (size_t k = 0; k < size_t(m_index); ++k)
            if (m_shapes[k].kind == Shape::FkCheck)
                checkAfter = true;
        QJsonObject facts;
        facts["rebuild"_L1] = rebuild;
        facts["referenced_by"_L1] = QJsonArray::fromStringList(referencedBy);
        facts["foreign_keys_off_before"_L1] = m_fkOff;
        facts["foreign_keys_on_after"_L1] = onAfter;
        facts["foreign_key_check"_L1] = checkAfter;
        facts["transactional"_L1] = m_ctx.transactional;
        const QString what =
            rebuild
                ? u"the rebuild of %1 (copy, DROP TABLE %1, rename)"_s.arg(n.display)
                : u"DROP TABLE %1 (referenced by %2)"_s.arg(n.display, referencedBy.join(u", "_s));
        QString message;
        if (!m_fkOff)
            message = u"%1 runs without PRAGMA foreign_keys = OFF before it: where foreign keys "
                      "are on, DROP TABLE %2 first deletes its rows, running the ON DELETE "
                      "actions of the tables that reference it (CASCADE empties them)"_s.arg(
                          what, n.display);
        else if (m_ctx.transactional)
            message = u"%1: PRAGMA foreign_keys = OFF is a no-op inside a transaction, and Retort "
                      "runs this script in one: it needs `-- Transactional: false` (with its own "
                      "BEGIN ... COMMIT around the rebuild)"_s.arg(what);
        else if (!onAfter)
            message = u"%1: foreign keys are switched off and not back on (PRAGMA foreign_keys = "
                      "ON) after it"_s.arg(what);
        else
            return;
        if (!checkAfter)
            message += u"; run PRAGMA foreign_key_check before committing"_s;
        add(m_index, u"foreign-keys-off-during-rebuild"_s, message, facts);
    }

    // ---- ALTER TABLE ---------------------------------------------------------------------

    void rebuild(const QString &message, QJsonObject facts = {})
    {
        if (version() > 0) {
            facts["sqlite_version_number"_L1] = version();
        } else {
            facts["assumed"_L1] = u"the newest SQLite (version unknown)"_s;
        }
        add(m_index, u"alter-needs-rebuild"_s, message, facts);
    }

    void alterTable(Cur &c)
    {
        const Cur::Name n = c.qualifiedName();
        if (!n.valid())
            return;
        const QString display = n.display;
        LintTableInfo *info = table(n.name);
        if (c.accept(u"RENAME")) {
            if (c.accept(u"TO")) {
                const Cur::Name to = c.qualifiedName();
                if (!isRebuildRename(size_t(m_index)))
                    renameTable(m_index, n.name, display, to.display);
                else
                    created.insert(u"table:"_s + to.name);
                if (m_schema->tables.contains(n.name))
                    m_schema->tables.insert(to.name, m_schema->tables.take(n.name));
                return;
            }
            c.accept(u"COLUMN");
            const QString from = c.ident();
            c.accept(u"TO");
            const QString to = c.ident();
            if (before(3025000))
                rebuild(u"ALTER TABLE %1 RENAME COLUMN needs SQLite 3.25.0: the table must be "
                        "rebuilt"_s.arg(display));
            renameColumn(m_index, n.name, display, from, to);
            if (info && info->columns.contains(from.toLower()))
                info->columns.insert(to.toLower(), info->columns.take(from.toLower()));
            return;
        }
        if (c.accept(u"ADD")) {
            c.accept(u"COLUMN");
            if (c.is(u"CONSTRAINT") || c.is(u"PRIMARY") || c.is(u"UNIQUE") || c.is(u"CHECK") ||
                c.is(u"FOREIGN")) {
                rebuild(u"ALTER TABLE %1 ADD %2: SQLite's ALTER TABLE cannot add a constraint; "
                        "the table must be rebuilt"_s.arg(display, c.peek().text.toUpper()));
                return;
            }
            const QString name = c.ident();
            if (name.isEmpty())
                return;
            const SqColumn col = column(c, name);
            addColumn(n, col, info);
            return;
        }
        if (c.accept(u"DROP")) {
            if (c.is(u"CONSTRAINT") || c.is(u"PRIMARY") || c.is(u"UNIQUE") || c.is(u"CHECK") ||
                c.is(u"FOREIGN")) {
                rebuild(u"ALTER TABLE %1 DROP %2: SQLite's ALTER TABLE cannot drop a constraint; "
                        "the table must be rebuilt"_s.arg(display, c.peek().text.toUpper()));
                return;
            }
            c.accept(u"COLUMN");
            const QString col = c.ident();
            if (col.isEmpty())
                return;
            dropColumnRule(n, col, info);
            dropColumn(m_index, n.name, display, col);
            if (info)
                info->columns.remove(col.toLower());
            return;
        }
        const QString what = c.textBetween(m_text, c.pos, size_t(-1)).section(u' ', 0, 1);
        rebuild(u"ALTER TABLE %1 %2: SQLite's ALTER TABLE can only rename the table, rename, add "
                "or drop a column; the table must be rebuilt"_s.arg(display, what.toUpper()));
    }

    void addColumn(const Cur::Name &n, const SqColumn &col, LintTableInfo *info)
    {
        const QString target = n.display + u'.' + col.name;
        QString why;
        if (col.info.primaryKey)
            why = u"a PRIMARY KEY column"_s;
        else if (col.info.unique)
            why = u"a UNIQUE column"_s;
        else if (col.info.generated && col.info.stored)
            why = u"a STORED generated column"_s;
        else if (col.nonConstantDefault)
            why = u"a column with a non-constant default (%1)"_s.arg(col.defaultText);
        else if (col.info.notNull && !col.info.generated && (!col.hasDefault || col.nullDefault))
            why = u"a NOT NULL column without a non-NULL default"_s;
        else if (col.references && col.hasDefault && !col.nullDefault && m_fkOn)
            why = u"a REFERENCES column with a non-NULL default while foreign keys are on"_s;
        // PRIMARY KEY and UNIQUE are refused outright; the rest as soon as the table has a row.
        const bool always = col.info.primaryKey || col.info.unique;
        if (!why.isEmpty() && !createdHere(n.name))
            rebuild(u"ALTER TABLE ... ADD COLUMN %1: SQLite's ALTER TABLE cannot add %2%3; the "
                    "table must be rebuilt"_s.arg(target, why,
                                                  always ? QString() : u" to a table with rows"_s));
        else if (!why.isEmpty() && always) // a new table is empty: only these fail there
            rebuild(u"ALTER TABLE ... ADD COLUMN %1: SQLite's ALTER TABLE cannot add %2; declare "
                    "it in the CREATE TABLE of this section instead"_s.arg(target, why));
        created.insert(u"column:"_s + n.name + u'.' + col.name.toLower());
        if (info) {
            info->columns.insert(col.name.toLower(), col.info);
            for (const QString &other : col.checkNames)
                info->constrained.insert(other);
            if (col.references)
                info->references.insert(col.refTable);
        }
    }

    static bool mentions(const QString &text, const QString &word)
    {
        const std::vector<SqlToken> tokens = sqlTokens(text, DialectKind::Sqlite);
        for (const SqlToken &t : tokens)
            if (t.isIdent() && t.text.compare(word, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }

    void dropColumnRule(const Cur::Name &n, const QString &column, const LintTableInfo *info)
    {
        if (before(3035000)) {
            rebuild(
                u"ALTER TABLE %1 DROP COLUMN needs SQLite 3.35.0: the table must be rebuilt"_s.arg(
                    n.display));
            return;
        }
        if (!info)
            return; // what depends on the column is not known
        const QString key = column.toLower();
        const LintColumnInfo col = info->columns.value(key);
        QString why;
        if (col.primaryKey)
            why = u"it is (part of) the PRIMARY KEY"_s;
        else if (col.unique)
            why = u"it has a UNIQUE constraint"_s;
        else if (info->indexed.contains(key))
            why = u"it is indexed"_s;
        else if (info->constrained.contains(key))
            why = u"a FOREIGN KEY, a CHECK constraint or a generated column uses it"_s;
        else
            for (auto it = m_schema->dependents.constBegin(); it != m_schema->dependents.constEnd();
                 ++it)
                if (mentions(it.value(), n.name) && mentions(it.value(), key)) {
                    why = u"%1 uses it"_s.arg(QString(it.key()).replace(u':', u' '));
                    break;
                }
        if (!why.isEmpty())
            rebuild(u"ALTER TABLE %1 DROP COLUMN %2 fails: %3; the table must be rebuilt"_s.arg(
                n.display, column, why));
    }

    int m_index = 0;
    QString m_text;
    std::vector<std::vector<SqlToken>> m_all;
    std::vector<Shape> m_shapes;
    LintSchemaState m_local;
    LintSchemaState *m_schema = nullptr;
    bool m_fkOff = false;
    bool m_fkOn = false;
};

} // namespace

SectionResult lintSqlite(const std::vector<Statement> &statements, const LintContext &context,
                         const LintOptions &options)
{
    return SqLinter(context, options).run(statements);
}

QSet<QString> sqliteCreatedObjects(const std::vector<Statement> &statements)
{
    const LintContext context;
    const LintOptions options;
    SqLinter linter(context, options);
    linter.collectOnly = true;
    linter.run(statements);
    return linter.created;
}

} // namespace retort::lint_detail
