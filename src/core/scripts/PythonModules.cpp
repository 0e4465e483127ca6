#include "scripts/PythonModules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include <fcntl.h>

namespace retort {

using python::Binding;
using python::Source;
using python::Value;

namespace {

// Deeper than this, a chain of names is taken for a cycle (`A = B` in one module, `B = A` in
// another): Python would fail on it too.
constexpr int kMaxDepth = 64;

// One file looked for (a candidate module or package folder): its stamp when it was looked
// at and, once read, its source. Fields other than `source` and `failure` never change.
struct File {
    QString path;
    FileStamp stamp; // invalid: absent
    bool isDir = false;
    std::once_flag once;
    std::unique_ptr<Source> source;
    QString failure; // why it could not be read or tokenized
    bool isFile() const { return stamp.valid() && !isDir; }
};

// A module or package found in the roots.
struct Module {
    QString name;            // dotted
    QStringList dirs;        // a package's folders (several: a namespace package); empty: a module
    int file = -1;           // its source (__init__.py or name.py); -1: a namespace package
    std::vector<int> probes; // the files looked at to find it and its parent packages
};

// What a name stands for: a module, or a (resolved) value.
struct Target {
    std::optional<Module> module;
    Value value;
};

// Where names are looked up: a module's source and the package its relative imports start from.
struct Scope {
    const Source *source = nullptr;
    QString package;           // empty: none (a top-level module)
    bool revisionFile = false; // the revision file itself (for the message of a relative import)
};

QString describe(const Value &v)
{
    switch (v.kind) {
    case Value::None:
        return QStringLiteral("None");
    case Value::Str:
        return QStringLiteral("a string");
    default:
        return QStringLiteral("a tuple or list");
    }
}

QByteArray utf8(const QString &s)
{
    return s.toUtf8();
}

std::string_view view(const QByteArray &b)
{
    return std::string_view(b.constData(), size_t(b.size()));
}

} // namespace

// The files and modules of one load, shared by the threads that parse.
class PythonModules::State {
public:
    explicit State(QStringList r) : roots(std::move(r)) {}

    // The file at `path`, stat'ed the first time it is asked for.
    int probe(const QString &path)
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_index.constFind(path); it != m_index.constEnd())
            return *it;
        File &f = m_files.emplace_back();
        f.path = path;
        f.stamp = FileStamp::at(AT_FDCWD, QFile::encodeName(path).constData(), &f.isDir);
        const int id = int(m_files.size() - 1);
        m_index.insert(path, id);
        return id;
    }
    // A file already probed (elements of a deque stay where they are).
    File &file(int id)
    {
        std::lock_guard lock(m_mutex);
        return m_files[size_t(id)];
    }
    // The file's source, read and tokenized once; null with `why` when it cannot be.
    const Source *source(int id, QString *why);
    Result<Module> findModule(const QString &dotted);

    const QStringList roots;
    std::atomic<int> filesRead{0};

private:
    Result<Module> lookFor(const QString &dotted);

    std::mutex m_mutex; // guards the containers (not the files' contents: see File)
    std::deque<File> m_files;
    QHash<QString, int> m_index;
    std::map<QString, Result<Module>> m_modules;
};

const Source *PythonModules::State::source(int id, QString *why)
{
    File &f = file(id);
    std::call_once(f.once, [this, &f] {
        ++filesRead;
        QFile in(f.path);
        if (!in.open(QIODevice::ReadOnly)) {
            f.failure = QStringLiteral("cannot read %1: %2").arg(f.path, in.errorString());
            return;
        }
        auto s = std::make_unique<Source>(f.path, in.readAll());
        if (auto failure = s->read()) {
            f.failure = QStringLiteral("%1:%2: Python syntax error: %3")
                            .arg(f.path)
                            .arg(failure->line)
                            .arg(failure->message);
            return;
        }
        f.source = std::move(s);
    });
    if (!f.source)
        *why = f.failure;
    return f.source.get();
}

Result<Module> PythonModules::State::findModule(const QString &dotted)
{
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_modules.find(dotted); it != m_modules.end())
            return it->second;
    }
    Result<Module> found = lookFor(dotted); // two threads may both look: the same answer
    std::lock_guard lock(m_mutex);
    return m_modules.emplace(dotted, std::move(found)).first->second;
}

// A regular package or a module in the first folder that has one, else a namespace package of
// every folder's `name/`: top-level names in the roots, others in their parent's folders.
Result<Module> PythonModules::State::lookFor(const QString &dotted)
{
    const qsizetype dot = dotted.lastIndexOf(u'.');
    QStringList dirs = roots;
    Module m;
    m.name = dotted;
    if (dot >= 0) {
        const QString parentName = dotted.first(dot);
        Result<Module> parent = findModule(parentName);
        if (!parent)
            return parent.error();
        if (parent->dirs.isEmpty())
            return Error(QStringLiteral("no module %1: %2 is a module (%3), not a package")
                             .arg(dotted, parentName, file(parent->file).path));
        dirs = parent->dirs;
        m.probes = parent->probes;
    }
    const QString last = dotted.sliced(dot + 1);
    for (const QString &d : dirs) {
        const QString package = d + u'/' + last;
        const int init = probe(package + QStringLiteral("/__init__.py"));
        m.probes.push_back(init);
        if (file(init).isFile()) {
            m.dirs = QStringList{package};
            m.file = init;
            return m;
        }
        const int py = probe(package + QStringLiteral(".py"));
        m.probes.push_back(py);
        if (file(py).isFile()) {
            m.file = py;
            return m;
        }
    }
    for (const QString &d : dirs) { // the portions of a namespace package
        const int folder = probe(d + u'/' + last);
        m.probes.push_back(folder);
        if (file(folder).isDir)
            m.dirs.append(d + u'/' + last);
    }
    if (!m.dirs.isEmpty())
        return m;
    return Error(QStringLiteral("no module %1 in the project's source tree (%2)")
                     .arg(dotted, dirs.isEmpty() ? QStringLiteral("no folders to look in")
                                                 : QStringLiteral("looked in ") +
                                                       dirs.join(QStringLiteral(", "))));
}

namespace {

// One resolution: follows names through the modules, collecting the files it used.
class Resolver {
public:
    explicit Resolver(PythonModules::State &state) : m_state(state) {}

    Result<Value> value(const Scope &scope, size_t statement, const Value &v, int depth);
    std::vector<int> used; // files the answer depends on

private:
    Result<Target> ref(const Scope &scope, const QString &dotted, size_t before, int depth);
    Result<Target> name(const Scope &scope, const QString &name, size_t before, int depth);
    Result<Target> binding(const Scope &scope, const Binding &b, const QString &name, int depth);
    Result<Target> attribute(const Module &m, const QString &name, int depth);
    // True when module `m` binds `name` at its top level (itself or through `import *`).
    bool defines(const Module &m, const QString &name, int depth);
    Result<QString> absolute(const Scope &scope, const Binding &b) const;
    Result<Module> module(const QString &dotted);
    // The module's source and scope; an Error when it cannot be read.
    Result<Scope> scopeOf(const Module &m);

    PythonModules::State &m_state;
};

Result<Module> Resolver::module(const QString &dotted)
{
    Result<Module> m = m_state.findModule(dotted);
    if (m)
        used.insert(used.end(), m->probes.begin(), m->probes.end());
    return m;
}

Result<Scope> Resolver::scopeOf(const Module &m)
{
    QString why;
    const Source *source = m_state.source(m.file, &why);
    if (!source)
        return Error(why);
    used.push_back(m.file);
    Scope scope;
    scope.source = source;
    if (!m.dirs.isEmpty())
        scope.package = m.name;
    else if (const qsizetype dot = m.name.lastIndexOf(u'.'); dot >= 0)
        scope.package = m.name.first(dot);
    return scope;
}

Result<QString> Resolver::absolute(const Scope &scope, const Binding &b) const
{
    if (b.level == 0)
        return b.module;
    const QString at = QStringLiteral("%1:%2").arg(scope.source->path()).arg(b.line);
    if (scope.revisionFile)
        return Error(QStringLiteral("a relative import (%1) in a revision file: Alembic loads "
                                    "revision files outside any package, so Python refuses it "
                                    "(\"attempted relative import with no known parent "
                                    "package\")")
                         .arg(at));
    QStringList parts = scope.package.split(u'.', Qt::SkipEmptyParts);
    if (b.level - 1 >= parts.size())
        return Error(
            QStringLiteral("the relative import at %1 goes above the top-level package").arg(at));
    parts.resize(parts.size() - (b.level - 1));
    const QString base = parts.join(u'.');
    return b.module.isEmpty() ? base : base + u'.' + b.module;
}

Result<Value> Resolver::value(const Scope &scope, size_t statement, const Value &v, int depth)
{
    auto resolveOne = [&](const QString &dotted) -> Result<Value> {
        Result<Target> t = ref(scope, dotted, statement, depth + 1);
        if (t && t->module)
            t = Error(QStringLiteral("%1 is a module, not a value").arg(dotted));
        if (!t)
            return depth == 0
                       ? Error(
                             QStringLiteral("cannot resolve %1: %2").arg(dotted, t.error().message))
                       : t.error();
        return t->value;
    };
    if (v.kind == Value::Ref) {
        Result<Value> r = resolveOne(v.items.front());
        if (r)
            r->line = v.line;
        return r;
    }
    Value out = v;
    out.refItems.clear();
    for (int k : v.refItems) {
        Result<Value> r = resolveOne(v.items[k]);
        if (!r)
            return r.error();
        if (r->kind != Value::Str)
            return Error(QStringLiteral("%1 is %2, but an item of a tuple or list must be a string")
                             .arg(v.items[k], describe(*r)));
        out.items[k] = r->items.front();
    }
    return out;
}

Result<Target> Resolver::ref(const Scope &scope, const QString &dotted, size_t before, int depth)
{
    const QStringList parts = dotted.split(u'.');
    Result<Target> t = name(scope, parts.front(), before, depth);
    for (qsizetype k = 1; k < parts.size() && t; ++k) {
        if (!t->module)
            return Error(QStringLiteral("%1 is %2, not a module, so %3 cannot be read")
                             .arg(parts.first(k).join(u'.'), describe(t->value), dotted));
        t = attribute(*t->module, parts[k], depth + 1);
    }
    return t;
}

Result<Target> Resolver::name(const Scope &scope, const QString &name, size_t before, int depth)
{
    if (depth > kMaxDepth)
        return Error(QStringLiteral("%1: a circular definition (or more than %2 names deep)")
                         .arg(name)
                         .arg(kMaxDepth));
    const Source &src = *scope.source;
    const QByteArray n = utf8(name);
    if (std::optional<Binding> b = src.binding(view(n), before))
        return binding(scope, *b, name, depth);
    for (const Binding &star : src.starImports(before)) {
        Result<QString> base = absolute(scope, star);
        if (!base)
            return base.error();
        Result<Module> m = module(*base);
        if (m && defines(*m, name, depth + 1))
            return attribute(*m, name, depth + 1);
    }
    const bool whole = before >= src.statements().size();
    return Error(QStringLiteral("%1 is not assigned or imported at the top level of %2%3")
                     .arg(name, src.path(),
                          whole ? QString()
                                : QStringLiteral(" before line %1")
                                      .arg(src.tokens()[src.statements()[before].begin].line)));
}

Result<Target> Resolver::binding(const Scope &scope, const Binding &b, const QString &name,
                                 int depth)
{
    const Source &src = *scope.source;
    const QString at = QStringLiteral("%1:%2").arg(src.path()).arg(b.line);
    switch (b.kind) {
    case Binding::Assign: {
        const std::optional<Value> v = src.evaluate(b.valueBegin, b.valueEnd);
        if (!v)
            return Error(QStringLiteral("%1 is assigned at %2 from an expression Retort cannot "
                                        "read without running Python (it reads None, strings, "
                                        "tuples and lists of them, and names of such constants; "
                                        "no calls, no operators such as +, no f-strings)")
                             .arg(name, at));
        Result<Value> r = value(scope, b.statement, *v, depth + 1);
        if (!r)
            return r.error();
        return Target{std::nullopt, std::move(*r)};
    }
    case Binding::Import:
    case Binding::ImportFrom: {
        Result<QString> base = absolute(scope, b);
        if (!base)
            return base.error();
        Result<Module> m = module(*base);
        if (!m)
            return Error(QStringLiteral("%1 (imported at %2)").arg(m.error().message, at));
        if (b.kind == Binding::Import)
            return Target{std::move(*m), {}};
        return attribute(*m, b.name, depth + 1);
    }
    case Binding::Other:
        break;
    }
    return Error(QStringLiteral("%1 is bound at %2 by a statement Retort does not evaluate "
                                "(it reads `NAME = value`, `import` and `from ... import`)")
                     .arg(name, at));
}

bool Resolver::defines(const Module &m, const QString &name, int depth)
{
    if (m.file < 0 || depth > kMaxDepth)
        return false;
    Result<Scope> scope = scopeOf(m);
    if (!scope)
        return false;
    const Source &src = *scope->source;
    const QByteArray n = utf8(name);
    if (src.binding(view(n), src.statements().size()))
        return true;
    if (name.startsWith(u'_')) // `import *` skips private names
        return false;
    for (const Binding &star : src.starImports(src.statements().size())) {
        Result<QString> base = absolute(*scope, star);
        Result<Module> sub = base ? module(*base) : Result<Module>(base.error());
        if (sub && defines(*sub, name, depth + 1))
            return true;
    }
    return false;
}

Result<Target> Resolver::attribute(const Module &m, const QString &name, int depth)
{
    used.insert(used.end(), m.probes.begin(), m.probes.end());
    QString where = QStringLiteral("namespace package %1").arg(m.name);
    if (m.file >= 0) {
        Result<Scope> scope = scopeOf(m);
        if (!scope)
            return scope.error();
        where = scope->source->path();
        if (defines(m, name, depth))
            return this->name(*scope, name, scope->source->statements().size(), depth + 1);
    }
    if (!m.dirs.isEmpty()) {
        Result<Module> sub = module(m.name + u'.' + name);
        if (sub)
            return Target{std::move(*sub), {}};
        return Error(QStringLiteral("%1 defines no top-level %2, and there is no module %3.%2 "
                                    "(looked in %4)")
                         .arg(where, name, m.name, m.dirs.join(QStringLiteral(", "))));
    }
    return Error(QStringLiteral("%1 defines no top-level %2").arg(where, name));
}

} // namespace

PythonModules::PythonModules(QStringList roots) : m_state(std::make_unique<State>(std::move(roots)))
{
}

PythonModules::~PythonModules() = default;

const QStringList &PythonModules::roots() const
{
    return m_state->roots;
}

int PythonModules::filesRead() const
{
    return m_state->filesRead.load();
}

QStringList PythonModules::importRoots(const QString &scriptLocation)
{
    QStringList roots;
    if (scriptLocation.isEmpty())
        return roots;
    QDir dir(QDir::cleanPath(QDir(scriptLocation).absolutePath()));
    while (dir.cdUp()) {
        roots.append(dir.absolutePath());
        if (QFileInfo::exists(dir.filePath(QStringLiteral(".git"))))
            break;
    }
    return roots;
}

Result<Value> PythonModules::resolve(const Source &source, size_t statement, const Value &value,
                                     std::vector<FileDependency> *deps)
{
    Resolver resolver(*m_state);
    Scope scope;
    scope.source = &source;
    scope.revisionFile = true;
    Result<Value> r = resolver.value(scope, statement, value, 0);
    std::vector<int> &used = resolver.used;
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    for (int id : used) {
        const File &f = m_state->file(id);
        deps->push_back({f.path, f.stamp});
    }
    return r;
}

} // namespace retort
