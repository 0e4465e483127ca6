#pragma once

// An Alembic project whose env.py declares SQLAlchemy models (`models`: Table(...) lines over
// `metadata`), runs online against sqlalchemy.url (a SQLite a.db beside alembic.ini) and offline
// with literal binds, with one revision b1 creating `ledger (id)`. For the autogenerate tests of
// the CLI and the window (tests/gui includes it as "../cli/AlembicModelsProject.h").

#include <QDir>
#include <QFile>
#include <QString>

namespace testsupport {

inline bool writeText(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) >= 0;
}

inline bool writeAlembicModelsProject(const QString &root, const QString &models)
{
    QDir().mkpath(root + "/mig/versions");
    return writeText(root + "/alembic.ini", "[alembic]\nscript_location = %(here)s/mig\n"
                                            "sqlalchemy.url = sqlite:///%(here)s/a.db\n") &&
           writeText(root + "/mig/env.py",
                     "from alembic import context\n"
                     "from sqlalchemy import engine_from_config, pool, MetaData, Table, Column, "
                     "Integer, String, Text\n"
                     "config = context.config\nmetadata = MetaData()\n" +
                         models +
                         "if context.is_offline_mode():\n"
                         "    context.configure(url=config.get_main_option('sqlalchemy.url'), "
                         "target_metadata=metadata, literal_binds=True)\n"
                         "    with context.begin_transaction():\n"
                         "        context.run_migrations()\n"
                         "else:\n"
                         "    engine = engine_from_config(config.get_section("
                         "config.config_ini_section), prefix='sqlalchemy.', "
                         "poolclass=pool.NullPool)\n"
                         "    with engine.connect() as connection:\n"
                         "        context.configure(connection=connection, "
                         "target_metadata=metadata)\n"
                         "        with context.begin_transaction():\n"
                         "            context.run_migrations()\n") &&
           writeText(root + "/mig/script.py.mako",
                     "\"\"\"${message}\n\nRevision ID: ${up_revision}\n"
                     "Revises: ${down_revision | comma,n}\n\"\"\"\nfrom alembic import op\n"
                     "import sqlalchemy as sa\n${imports if imports else \"\"}\n"
                     "revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"
                     "branch_labels = ${repr(branch_labels)}\n"
                     "depends_on = ${repr(depends_on)}\n\n\n"
                     "def upgrade():\n    ${upgrades if upgrades else \"pass\"}\n\n\n"
                     "def downgrade():\n    ${downgrades if downgrades else \"pass\"}\n") &&
           writeText(root + "/mig/versions/b1_ledger.py",
                     "\"\"\"ledger\n\nRevision ID: b1\n\"\"\"\nfrom alembic import op\n"
                     "import sqlalchemy as sa\n\nrevision = 'b1'\ndown_revision = None\n"
                     "branch_labels = None\ndepends_on = None\n\n\n"
                     "def upgrade():\n    op.create_table('ledger', sa.Column('id', "
                     "sa.Integer(), primary_key=True))\n\n\n"
                     "def downgrade():\n    op.drop_table('ledger')\n");
}

} // namespace testsupport
