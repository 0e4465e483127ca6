<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <source>Open Project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a project folder holding retort.toml</source>
        <translation>Einen Projektordner mit retort.toml öffnen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reload the project from disk</source>
        <translation>Das Projekt neu von der Festplatte laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Retort</source>
        <translation>Ü&amp;ber Retort</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Retort, a database-migration manager.</source>
        <translation>Retort, eine Verwaltung für Datenbankmigrationen.</translation>
    </message>
    <message>
        <source>Project folder (holding retort.toml) to open.</source>
        <translation>Zu öffnender Projektordner (mit retort.toml).</translation>
    </message>
</context>
<context>
    <name>retort::gui::MainWindow</name>
    <message>
        <source>Open a project folder (one holding retort.toml) to see its revisions.</source>
        <translation>Öffnen Sie einen Projektordner (mit einer retort.toml), um seine Revisionen zu sehen.</translation>
    </message>
    <message>
        <source>%1 — Retort</source>
        <translation>%1 — Retort</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Open Project — choose the folder holding retort.toml</source>
        <translation>Projekt öffnen — den Ordner mit retort.toml wählen</translation>
    </message>
    <message>
        <source>About Retort</source>
        <translation>Über Retort</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Retort %1&lt;/h3&gt;&lt;p&gt;A database-migration manager compatible with Alembic.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Retort %1&lt;/h3&gt;&lt;p&gt;Eine mit Alembic kompatible Verwaltung für Datenbankmigrationen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Keine Probleme gefunden.</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <source>Revisions: %1</source>
        <translation>Revisionen: %1</translation>
    </message>
    <message>
        <source>Head: %1</source>
        <translation>Head: %1</translation>
    </message>
    <message>
        <source>Heads (%1): %2</source>
        <translation>Heads (%1): %2</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>No revisions yet</source>
        <translation>Noch keine Revisionen</translation>
    </message>
    <message>
        <source>This project has no migration scripts in %1.</source>
        <translation>Dieses Projekt hat keine Migrationsskripte in %1.</translation>
    </message>
    <message>
        <source>Could not open the project</source>
        <translation>Das Projekt konnte nicht geöffnet werden</translation>
    </message>
</context>
<context>
    <name>retort::gui::RevisionListModel</name>
    <message>
        <source>(base)</source>
        <translation>(Basis)</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <source>Depends on %1</source>
        <translation>Hängt ab von %1</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>merge</translation>
    </message>
    <message>
        <source>branch point</source>
        <translation>Verzweigung</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Eltern</translation>
    </message>
    <message>
        <source>Branch labels</source>
        <translation>Zweig-Labels</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>retort::gui::WorkspaceLoader</name>
    <message>
        <source>loading stopped unexpectedly</source>
        <translation>das Laden brach unerwartet ab</translation>
    </message>
</context>
</TS>
