// The lint engine: splitting, the dialect's rules, levels, allow comments, the project rules.

#include "lint/Lint.h"

#include "graph/Plan.h"
#include "lint/LintDetail.h"
#include "project/Workspace.h"

#include <QDir>

#include <algorithm>

namespace retort {

using namespace lint_detail;

namespace {

// One `-- retort:allow RULE reason` comment.
struct Allow {
    QString rule;
    QString reason;
    int line = 0; // 1-based within the section
};

// The allow comment on `line` (0-based index into `lines`), if any.
std::optional<Allow> allowOn(const QStringList &lines, int index)
{
    static const QString marker = QStringLiteral("-- retort:allow");
    const QString &text = lines.at(index);
    const qsizetype at = text.indexOf(marker);
    if (at < 0)
        return std::nullopt;
    const QString rest = text.mid(at + marker.size());
    if (!rest.isEmpty() && !rest.front().isSpace())
        return std::nullopt;
    const QString trimmed = rest.trimmed();
    const qsizetype space = trimmed.indexOf(u' ');
    Allow a;
    a.rule = space < 0 ? trimmed : trimmed.left(space);
    a.reason = space < 0 ? QString() : trimmed.mid(space + 1).trimmed();
    a.line = index + 1;
    return a;
}

// The allow comments covering a statement starting on `line` (1-based in the section): on that
// line, and on the comment-only lines directly above it.
std::vector<Allow> allowsFor(const QStringList &lines, int line)
{
    std::vector<Allow> out;
    if (line < 1 || line > lines.size())
        return out;
    if (auto a = allowOn(lines, line - 1))
        out.push_back(*a);
    for (int i = line - 2; i >= 0; --i) {
        const QString t = lines.at(i).trimmed();
        if (!t.startsWith(QStringLiteral("--")))
            break;
        if (auto a = allowOn(lines, i))
            out.push_back(*a);
    }
    return out;
}

LintLevel levelOf(const QString &rule, const LintOptions &options)
{
    if (const auto it = options.levels.constFind(rule); it != options.levels.constEnd())
        return *it;
    const LintRule *r = lintRule(rule);
    return r ? r->level : LintLevel::Warning;
}

bool isPostgres(const LintOptions &o)
{
    return o.driver == u"postgresql";
}

Dialect dialectOf(const LintOptions &o)
{
    auto d = Dialect::forDriver(o.driver);
    return d ? *d : Dialect::postgresql();
}

// non-transactional-mixed over a section of a `Transactional: false` script.
void nonTransactionalMixed(const std::vector<StatementKind> &kinds,
                           const std::vector<Statement> &statements, std::vector<RawFinding> &out)
{
    int needsNone = -1, firstOther = -1, others = 0;
    for (int i = 0; i < int(kinds.size()); ++i) {
        if (kinds[size_t(i)] == StatementKind::NeedsNoTransaction && needsNone < 0)
            needsNone = i;
        if (kinds[size_t(i)] == StatementKind::Other) {
            ++others;
            if (firstOther < 0)
                firstOther = i;
        }
    }
    if (firstOther < 0 || (needsNone < 0 && others < 2))
        return;
    const QString first = statements[size_t(firstOther)].text.section(u'\n', 0, 0).simplified();
    QString message;
    if (needsNone >= 0)
        message =
            QStringLiteral("`%1` runs outside a transaction beside `%2`: if a later "
                           "statement fails it stays applied")
                .arg(first.left(60),
                     statements[size_t(needsNone)].text.section(u'\n', 0, 0).simplified().left(60));
    else
        message = QStringLiteral("a `Transactional: false` section with %1 statements and none "
                                 "that needs it: if one fails, those before it stay applied")
                      .arg(others);
    out.push_back({firstOther, QStringLiteral("non-transactional-mixed"), message, {}});
}

} // namespace

std::vector<LintFinding> lintSection(const QString &sql, int firstLineInFile,
                                     const LintContext &context, const LintOptions &options)
{
    const std::vector<Statement> statements = splitStatements(sql, dialectOf(options));
    SectionResult result;
    if (isPostgres(options))
        result = lintPostgres(statements, context, options);
    else if (options.driver == u"mysql")
        result = lintMysql(statements, firstLineInFile, context, options);
    else if (options.driver == u"sqlite")
        result = lintSqlite(statements, context, options);
    else
        result.kinds.assign(statements.size(), StatementKind::Other);
    // MySQL/MariaDB never runs a script in a transaction (DDL commits implicitly), whatever its
    // `Transactional:` says: implicit-commit covers what would stay applied there.
    if (!context.transactional && options.driver != u"mysql")
        nonTransactionalMixed(result.kinds, statements, result.findings);
    std::stable_sort(
        result.findings.begin(), result.findings.end(),
        [](const RawFinding &a, const RawFinding &b) { return a.statement < b.statement; });

    const QStringList lines = sql.split(u'\n');
    const int base = std::max(firstLineInFile, 1);
    std::vector<LintFinding> out;
    auto make = [&](const RawFinding &raw) {
        const Statement &s = statements[size_t(raw.statement)];
        const LintRule *rule = lintRule(raw.rule);
        LintFinding f;
        f.rule = raw.rule;
        f.level = levelOf(raw.rule, options);
        f.file = context.file;
        f.line = base + s.line - 1;
        f.revision = context.revision;
        f.section = context.section;
        f.message = raw.message;
        f.statement = s.text;
        f.explanation = rule ? rule->explanation : QString();
        f.saferForm = rule ? rule->saferForm : QString();
        f.facts = raw.facts;
        return f;
    };
    // Allow comments without a reason: reported once per comment, never applied.
    QSet<int> reportedBareAllows;
    for (const RawFinding &raw : result.findings) {
        LintFinding f = make(raw);
        if (f.level == LintLevel::Off)
            continue;
        for (const Allow &a : allowsFor(lines, statements[size_t(raw.statement)].line)) {
            if (a.rule != f.rule)
                continue;
            if (a.reason.isEmpty()) {
                if (!reportedBareAllows.contains(a.line)) {
                    reportedBareAllows.insert(a.line);
                    RawFinding bare{raw.statement,
                                    QStringLiteral("allow-without-reason"),
                                    QStringLiteral("`-- retort:allow %1` gives no reason, so it "
                                                   "does not apply")
                                        .arg(a.rule),
                                    {}};
                    LintFinding b = make(bare);
                    b.line = base + a.line - 1;
                    if (b.level != LintLevel::Off)
                        out.push_back(b);
                }
                continue;
            }
            f.allowed = true;
            f.allowReason = a.reason;
            break;
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<LintFinding> lintScript(const Script &script, LintDirection direction,
                                    const LintOptions &options, LintSchemaState *schema,
                                    const std::optional<QString> &renderedUpgrade,
                                    const std::optional<QString> &renderedDowngrade)
{
    std::vector<LintFinding> out;
    LintContext context;
    context.file = script.path;
    context.revision = script.revision;
    context.transactional = script.transactional;
    context.schema = schema;

    // A Python script's SQL is what alembic rendered: it has no lines of its own in the file,
    // so findings point at line 1 and name the rendered line in their facts.
    ScriptSection up, down;
    if (script.isPython()) {
        if (renderedUpgrade)
            up = {*renderedUpgrade, 1};
        if (renderedDowngrade)
            down = {*renderedDowngrade, 1};
    } else {
        up = script.upgradeFor(options.driver);
        down = script.downgradeFor(options.driver);
    }
    auto lintOne = [&](const ScriptSection &section, const QString &name) {
        context.section = name;
        auto findings = lintSection(section.sql, section.firstLine, context, options);
        if (script.isPython())
            for (LintFinding &f : findings) {
                f.facts[QStringLiteral("rendered_line")] = f.line;
                f.line = 1;
            }
        out.insert(out.end(), findings.begin(), findings.end());
    };
    if (direction != LintDirection::Downgrade && up.present())
        lintOne(up, QStringLiteral("upgrade"));
    if (direction != LintDirection::Upgrade) {
        if (up.present()) {
            const auto upStatements = splitStatements(up.sql, dialectOf(options));
            if (isPostgres(options))
                context.createdByUpgrade = postgresCreatedObjects(upStatements);
            else if (options.driver == u"mysql")
                context.createdByUpgrade = mysqlCreatedObjects(upStatements);
            else if (options.driver == u"sqlite")
                context.createdByUpgrade = sqliteCreatedObjects(upStatements);
        }
        context.schema = nullptr; // a downgrade's types are not the next revision's
        const bool empty = !down.present() || splitStatements(down.sql, dialectOf(options)).empty();
        // A merge, or a revision whose upgrade does nothing either, has nothing to undo.
        const bool upgradeDoesSomething =
            up.present() && !splitStatements(up.sql, dialectOf(options)).empty();
        if (empty && upgradeDoesSomething && script.downRevisions.size() <= 1 &&
            (!script.isPython() || renderedDowngrade)) {
            if (auto f = lintSectionFinding(
                    script, QStringLiteral("downgrade"), QStringLiteral("missing-downgrade"),
                    QStringLiteral("revision %1 has an empty downgrade section: downgrading "
                                   "through it changes nothing")
                        .arg(script.revision),
                    options))
                out.push_back(std::move(*f));
        } else if (down.present()) {
            lintOne(down, QStringLiteral("downgrade"));
        }
    }
    return out;
}

std::optional<LintFinding> lintSectionFinding(const Script &script, const QString &section,
                                              const QString &rule, const QString &message,
                                              const LintOptions &options, const QJsonObject &facts)
{
    LintFinding f;
    f.rule = rule;
    f.level = levelOf(rule, options);
    if (f.level == LintLevel::Off)
        return std::nullopt;
    const ScriptSection text = section == u"upgrade" ? script.upgradeFor(options.driver)
                                                     : script.downgradeFor(options.driver);
    f.file = script.path;
    f.line = script.isPython() || !text.present() ? 1 : std::max(text.firstLine - 1, 1);
    f.revision = script.revision;
    f.section = section;
    f.message = message;
    f.facts = facts;
    if (const LintRule *r = lintRule(rule)) {
        f.explanation = r->explanation;
        f.saferForm = r->saferForm;
    }
    if (!script.isPython() && text.present()) {
        const QStringList lines = text.sql.split(u'\n');
        for (int i = 0; i < lines.size(); ++i) {
            const auto a = allowOn(lines, i);
            if (a && a->rule == rule && !a->reason.isEmpty()) {
                f.allowed = true;
                f.allowReason = a->reason;
                break;
            }
        }
    }
    return f;
}

int LintReport::errorCount() const
{
    return int(std::count_if(findings.begin(), findings.end(), [](const LintFinding &f) {
        return !f.allowed && f.level == LintLevel::Error;
    }));
}

std::vector<LintFinding> lintErrorsToAcknowledge(const LintReport &report)
{
    std::vector<LintFinding> out;
    for (const LintFinding &f : report.findings)
        if (!f.allowed && f.level == LintLevel::Error)
            out.push_back(f);
    return out;
}

QString lintAcknowledgementNote(const std::vector<LintFinding> &acknowledged,
                                const QString &projectRoot)
{
    if (acknowledged.empty())
        return {};
    const QDir root(projectRoot);
    QStringList parts;
    for (const LintFinding &f : acknowledged) {
        QString file = f.file;
        if (!projectRoot.isEmpty()) {
            const QString rel = root.relativeFilePath(f.file);
            if (!rel.startsWith(QLatin1String("..")))
                file = rel;
        }
        QString part = QStringLiteral("%1 at %2:%3").arg(f.rule, file).arg(f.line);
        if (!f.revision.isEmpty())
            part += QStringLiteral(" (%1)").arg(f.revision);
        parts.append(part);
    }
    return QStringLiteral("lint acknowledged: ") + parts.join(QStringLiteral("; "));
}

int LintReport::warningCount() const
{
    return int(std::count_if(findings.begin(), findings.end(), [](const LintFinding &f) {
        return !f.allowed && f.level == LintLevel::Warning;
    }));
}

LintReport lintRevisions(const Workspace &workspace, const QStringList &revisions,
                         const LintOptions &options,
                         const QHash<QString, RenderedRevisionSql> &rendered)
{
    LintReport report;
    LintSchemaState schema;
    for (const QString &id : revisions) {
        const Script *script = workspace.script(id);
        if (!script) {
            report.notes.append(QStringLiteral("revision %1: no such script").arg(id));
            continue;
        }
        std::vector<LintFinding> findings;
        if (script->isPython()) {
            const auto it = rendered.constFind(id);
            if (it == rendered.constEnd()) {
                report.notes.append(QStringLiteral("revision %1 (%2) is an Alembic revision and "
                                                   "its SQL was not rendered: not linted")
                                        .arg(id, script->fileName));
                continue;
            }
            findings = lintScript(*script, LintDirection::Both, options, &schema, it->upgrade,
                                  it->downgrade);
        } else {
            findings = lintScript(*script, LintDirection::Both, options, &schema);
        }
        report.findings.insert(report.findings.end(), findings.begin(), findings.end());
    }
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const LintFinding &a, const LintFinding &b) {
                         return a.file != b.file ? a.file < b.file : a.line < b.line;
                     });
    return report;
}

LintReport lintPlan(const Plan &plan, const LintOptions &options)
{
    LintReport report;
    LintSchemaState schema;
    for (const PlanStep &step : plan.steps) {
        if (step.stamp || !step.script)
            continue;
        const Script &script = *step.script;
        const bool upgrade = step.direction == Direction::Upgrade;
        if (script.isPython()) {
            report.notes.append(QStringLiteral("revision %1 (%2) is an Alembic revision and its "
                                               "SQL was not rendered: not linted")
                                    .arg(script.revision, script.fileName));
            continue;
        }
        const auto findings =
            lintScript(script, upgrade ? LintDirection::Upgrade : LintDirection::Downgrade, options,
                       upgrade ? &schema : nullptr);
        report.findings.insert(report.findings.end(), findings.begin(), findings.end());
    }
    return report;
}

Result<QHash<QString, LintLevel>> projectLintLevels(const Project &project)
{
    QHash<QString, LintLevel> levels;
    for (const Project::LintLevelSetting &s : project.lintLevels) {
        if (!lintRule(s.rule))
            return Error(QStringLiteral("lint.%1: unknown lint rule '%1'").arg(s.rule),
                         project.file, s.line)
                .as(ErrorKind::ProjectFile);
        const auto level = lintLevelFromName(s.level);
        if (!level)
            return Error(QStringLiteral("lint.%1: unknown level '%2'").arg(s.rule, s.level),
                         project.file, s.line)
                .as(ErrorKind::ProjectFile);
        levels.insert(s.rule, *level);
    }
    return levels;
}

} // namespace retort
