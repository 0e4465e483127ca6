<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>&amp;Jetzt sichern</translation>
    </message>
</context>
<context>
    <name>DraftText</name>
    <message>
        <source>The revision id “%1” is not valid: use letters, digits and &apos;_&apos; only.</source>
        <translation>Die Revisions-ID „%1“ ist ungültig: nur Buchstaben, Ziffern und „_“ verwenden.</translation>
    </message>
    <message>
        <source>The revision id %1 is already in the project.</source>
        <translation>Die Revisions-ID %1 gibt es im Projekt schon.</translation>
    </message>
    <message>
        <source>A message is required.</source>
        <translation>Eine Nachricht ist erforderlich.</translation>
    </message>
    <message>
        <source>The message must be a single line.</source>
        <translation>Die Nachricht muss einzeilig sein.</translation>
    </message>
    <message>
        <source>This message would read as a header line or a section marker; reword it.</source>
        <translation>Diese Nachricht würde als Kopfzeile oder Abschnittsmarke gelesen; bitte umformulieren.</translation>
    </message>
    <message>
        <source>Revision %1 is not in the project.</source>
        <translation>Revision %1 ist nicht im Projekt.</translation>
    </message>
    <message>
        <source>Revision %1 is chosen twice.</source>
        <translation>Revision %1 ist doppelt gewählt.</translation>
    </message>
    <message>
        <source>“%1” is not a valid branch label: use letters, digits and &apos;_&apos; only.</source>
        <translation>„%1“ ist kein gültiges Zweig-Label: nur Buchstaben, Ziffern und „_“ verwenden.</translation>
    </message>
    <message>
        <source>The branch label “%1” is listed twice.</source>
        <translation>Das Zweig-Label „%1“ steht doppelt in der Liste.</translation>
    </message>
    <message>
        <source>“%1” is a revision id; a branch label must differ from every id.</source>
        <translation>„%1“ ist eine Revisions-ID; ein Zweig-Label muss sich von jeder ID unterscheiden.</translation>
    </message>
    <message>
        <source>The branch label “%1” is already used by revision %2.</source>
        <translation>Das Zweig-Label „%1“ verwendet schon Revision %2.</translation>
    </message>
    <message>
        <source>Depends on “%1”: %2.</source>
        <translation>Hängt ab von „%1“: %2.</translation>
    </message>
    <message>
        <source>Depends on “%1” names revision %2 again.</source>
        <translation>„Hängt ab von“ „%1“ nennt Revision %2 ein zweites Mal.</translation>
    </message>
    <message>
        <source>Revision %1 is not a head revision: tick “Branch from a non-head revision (splice)” to start a new branch from it.</source>
        <translation>Revision %1 ist kein Kopf: „Von einer Revision mit Nachfolgern abzweigen (splice)“ ankreuzen, um dort einen neuen Zweig zu beginnen.</translation>
    </message>
</context>
<context>
    <name>EnvironmentDialog</name>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. staging</source>
        <translation>z. B. staging</translation>
    </message>
    <message>
        <source>&amp;Driver:</source>
        <translation>&amp;Treiber:</translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>localhost</source>
        <translation>localhost</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;Options:</source>
        <translation>&amp;Optionen:</translation>
    </message>
    <message>
        <source>Driver connect options, e.g. sslmode=require</source>
        <translation>Verbindungsoptionen des Treibers, z. B. sslmode=require</translation>
    </message>
    <message>
        <source>&amp;Protected: a run must be confirmed by typing the environment&apos;s name</source>
        <translation>&amp;Geschützt: Ein Lauf muss durch Eintippen des Umgebungsnamens bestätigt werden</translation>
    </message>
    <message>
        <source>Connect through an SSH &amp;tunnel</source>
        <translation>Über einen SSH-&amp;Tunnel verbinden</translation>
    </message>
    <message>
        <source>SSH h&amp;ost:</source>
        <translation>SSH-H&amp;ost:</translation>
    </message>
    <message>
        <source>bastion.example.com</source>
        <translation>bastion.example.com</translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt:</translation>
    </message>
    <message>
        <source>SSH us&amp;er:</source>
        <translation>SSH-Be&amp;nutzer:</translation>
    </message>
    <message>
        <source>your local user name</source>
        <translation>Ihr lokaler Benutzername</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Anmeldung:</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>&amp;Schlüsseldatei:</translation>
    </message>
    <message>
        <source>~/.ssh/id_ed25519</source>
        <translation>~/.ssh/id_ed25519</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>Dur&amp;chsuchen …</translation>
    </message>
    <message>
        <source>Known &amp;hosts:</source>
        <translation>Bekannte &amp;Hosts:</translation>
    </message>
    <message>
        <source>~/.ssh/known_hosts</source>
        <translation>~/.ssh/known_hosts</translation>
    </message>
    <message>
        <source>Brow&amp;se…</source>
        <translation>Durchs&amp;uchen …</translation>
    </message>
    <message>
        <source>Passwords and key passphrases are never written to retort.toml: Retort asks for them when it connects and keeps them in the system keychain if you allow it.</source>
        <translation>Passwörter und Schlüssel-Passphrasen stehen nie in retort.toml: Retort fragt beim Verbinden danach und bewahrt sie im Schlüsselbund des Systems auf, wenn Sie es erlauben.</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
</context>
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
    <message>
        <source>Filter by id, message or label</source>
        <translation>Nach ID, Nachricht oder Label filtern</translation>
    </message>
    <message>
        <source>&amp;Filter Revisions</source>
        <translation>Revisionen &amp;filtern</translation>
    </message>
    <message>
        <source>Filter the revisions by id, message or label</source>
        <translation>Die Revisionen nach ID, Nachricht oder Label filtern</translation>
    </message>
</context>
<context>
    <name>MergeHeadsDialog</name>
    <message>
        <source>Merge Heads</source>
        <translation>Köpfe zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Heads:</source>
        <translation>&amp;Köpfe:</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Zweig</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>NewRevisionDialog</name>
    <message>
        <source>New Revision</source>
        <translation>Neue Revision</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>What the migration does, e.g. Add invoices table</source>
        <translation>Was die Migration tut, z. B. Rechnungstabelle anlegen</translation>
    </message>
    <message>
        <source>&amp;Parents:</source>
        <translation>&amp;Eltern:</translation>
    </message>
    <message>
        <source>Filter by id, branch label or message</source>
        <translation>Nach ID, Zweig-Label oder Nachricht filtern</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Zweig</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>No parent: start a new &amp;base</source>
        <translation>Keine Eltern: neue &amp;Basis beginnen</translation>
    </message>
    <message>
        <source>Allow a parent that already has children, as alembic revision --splice does.</source>
        <translation>Eltern mit Nachfolgern erlauben, wie alembic revision --splice.</translation>
    </message>
    <message>
        <source>Branch from a non-head revision (&amp;splice)</source>
        <translation>Von einer Revision mit Nachfolgern abzweigen (&amp;splice)</translation>
    </message>
    <message>
        <source>Branch &amp;labels:</source>
        <translation>Zweig-&amp;Labels:</translation>
    </message>
    <message>
        <source>Optional, comma-separated</source>
        <translation>Optional, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Depends on:</source>
        <translation>&amp;Hängt ab von:</translation>
    </message>
    <message>
        <source>Optional: revision ids or branch labels, comma-separated</source>
        <translation>Optional: Revisions-IDs oder Zweig-Labels, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Untick for statements that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY.</source>
        <translation>Für Anweisungen abwählen, die nicht in einer Transaktion laufen können, z. B. CREATE INDEX CONCURRENTLY.</translation>
    </message>
    <message>
        <source>&amp;Transactional: run the migration in a transaction</source>
        <translation>&amp;Transaktional: die Migration in einer Transaktion ausführen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember in the system keychain</source>
        <translation>Im Schlüsselbund des Systems &amp;merken</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Review Plan</source>
        <translation>Plan prüfen</translation>
    </message>
    <message>
        <source>&amp;Steps</source>
        <translation>&amp;Schritte</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>From → To</source>
        <translation>Von → Nach</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>S&amp;QL</source>
        <translation>S&amp;QL</translation>
    </message>
</context>
<context>
    <name>PreflightDialog</name>
    <message>
        <source>Pre-flight Checks</source>
        <translation>Prüfungen vor dem Lauf</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Some checks failed. To run anyway, say why; the reason is recorded in the audit trail with your name.</source>
        <translation>Einige Prüfungen sind fehlgeschlagen. Um trotzdem zu laufen, nennen Sie den Grund; er wird mit Ihrem Namen im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>Why this run may go ahead anyway</source>
        <translation>Warum dieser Lauf trotzdem stattfinden darf</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>stamp</source>
        <translation>Stempeln</translation>
    </message>
    <message>
        <source>Could not check the SSH host key: %1</source>
        <translation>Der SSH-Hostschlüssel konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>SSH Host Key Changed</source>
        <translation>SSH-Hostschlüssel geändert</translation>
    </message>
    <message>
        <source>The SSH host key of %1 has CHANGED.

Someone may be intercepting the connection, or the server&apos;s key was replaced. Retort will not connect. If the change is expected, remove the old key from %2.</source>
        <translation>Der SSH-Hostschlüssel von %1 hat sich GEÄNDERT.

Jemand könnte die Verbindung abfangen, oder der Schlüssel des Servers wurde ersetzt. Retort verbindet sich nicht. Ist die Änderung erwartet, entfernen Sie den alten Schlüssel aus %2.</translation>
    </message>
    <message>
        <source>Refused: the SSH host key of %1 has changed (%2).</source>
        <translation>Abgelehnt: Der SSH-Hostschlüssel von %1 hat sich geändert (%2).</translation>
    </message>
    <message>
        <source>Unknown SSH Host</source>
        <translation>Unbekannter SSH-Host</translation>
    </message>
    <message>
        <source>The authenticity of %1 cannot be established.</source>
        <translation>Die Echtheit von %1 kann nicht festgestellt werden.</translation>
    </message>
    <message>
        <source>Its %1 key fingerprint is
%2

Compare it with the one your server administrator gave you. Trust this host and add its key to %3?</source>
        <translation>Sein %1-Schlüssel hat den Fingerabdruck
%2

Vergleichen Sie ihn mit dem, den Ihnen die Serververwaltung gegeben hat. Diesem Host vertrauen und seinen Schlüssel zu %3 hinzufügen?</translation>
    </message>
    <message>
        <source>Added the %1 host key of %2 (%3) to %4.</source>
        <translation>Den %1-Hostschlüssel von %2 (%3) zu %4 hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>ReviewChecklist</name>
    <message>
        <source>Review:</source>
        <translation>Prüfung:</translation>
    </message>
    <message>
        <source>Upgrade contains the expected changes</source>
        <translation>Upgrade enthält die erwarteten Änderungen</translation>
    </message>
    <message>
        <source>Downgrade reverses it</source>
        <translation>Downgrade macht es rückgängig</translation>
    </message>
    <message>
        <source>No unintended changes</source>
        <translation>Keine unbeabsichtigten Änderungen</translation>
    </message>
</context>
<context>
    <name>RevisionDetail</name>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Parents:</source>
        <translation>Eltern:</translation>
    </message>
    <message>
        <source>Children:</source>
        <translation>Kinder:</translation>
    </message>
    <message>
        <source>Branch labels:</source>
        <translation>Zweig-Labels:</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Hängt ab von:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>Im Editor öffnen</translation>
    </message>
    <message>
        <source>Open the script with the desktop&apos;s editor for .sql files</source>
        <translation>Das Skript mit dem Editor der Arbeitsumgebung für .sql-Dateien öffnen</translation>
    </message>
    <message>
        <source>&amp;Driver:</source>
        <translation>&amp;Treiber:</translation>
    </message>
    <message>
        <source>This script has driver-specific sections: choose which driver&apos;s SQL to show</source>
        <translation>Dieses Skript hat treiberspezifische Abschnitte: wählen Sie, welches SQL angezeigt wird</translation>
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
    <name>retort::gui::BackupsDialog</name>
    <message>
        <source>Backups of %1</source>
        <translation>Sicherungen von %1</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>To restore the selected backup, run:</source>
        <translation>Zum Wiederherstellen der gewählten Sicherung ausführen:</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Wird gesichert …</translation>
    </message>
    <message>
        <source>Backed up (%1).</source>
        <translation>Gesichert (%1).</translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation>Sicherung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::CredentialBroker</name>
    <message>
        <source>The system keychain cannot be used: %1</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>The system keychain cannot be used (%1). What you type is kept in memory for this session only, never written to disk.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar (%1). Was Sie eingeben, bleibt nur für diese Sitzung im Speicher und wird nie auf die Platte geschrieben.</translation>
    </message>
    <message>
        <source>database password</source>
        <translation>Datenbankpasswort</translation>
    </message>
    <message>
        <source>SSH secret</source>
        <translation>SSH-Geheimnis</translation>
    </message>
    <message>
        <source>Saved the %1 of %2 in the system keychain.</source>
        <translation>%1 von %2 im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>The %1 of %2 could not be saved in the system keychain (%3); it is kept for this session only.</source>
        <translation>%1 von %2 konnte nicht im Schlüsselbund gespeichert werden (%3); es gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Database Password</source>
        <translation>Datenbankpasswort</translation>
    </message>
    <message>
        <source>Password for %1@%2 (environment %3):</source>
        <translation>Passwort für %1@%2 (Umgebung %3):</translation>
    </message>
    <message>
        <source>(default user)</source>
        <translation>(Standardbenutzer)</translation>
    </message>
    <message>
        <source>SSH Key Passphrase</source>
        <translation>Passphrase des SSH-Schlüssels</translation>
    </message>
    <message>
        <source>Passphrase for the SSH key %1 (environment %2):</source>
        <translation>Passphrase für den SSH-Schlüssel %1 (Umgebung %2):</translation>
    </message>
    <message>
        <source>SSH Password</source>
        <translation>SSH-Passwort</translation>
    </message>
    <message>
        <source>SSH password for %1@%2 (environment %3):</source>
        <translation>SSH-Passwort für %1@%2 (Umgebung %3):</translation>
    </message>
    <message>
        <source>Copied the database password of %1 from %2 into the system keychain; you may now remove it from that file.</source>
        <translation>Das Datenbankpasswort von %1 wurde aus %2 in den Schlüsselbund des Systems kopiert; Sie können es jetzt aus dieser Datei entfernen.</translation>
    </message>
    <message>
        <source>The password in %1 could not be saved in the system keychain (%2); it is used for this session only.</source>
        <translation>Das Passwort in %1 konnte nicht im Schlüsselbund gespeichert werden (%2); es gilt nur für diese Sitzung.</translation>
    </message>
</context>
<context>
    <name>retort::gui::EnvironmentDialog</name>
    <message>
        <source>SQLite (a file)</source>
        <translation>SQLite (eine Datei)</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>MySQL / MariaDB</source>
        <translation>MySQL / MariaDB</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Schlüsseldatei</translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation>ssh-agent</translation>
    </message>
    <message>
        <source>Password (asked, kept in the keychain)</source>
        <translation>Passwort (wird erfragt, im Schlüsselbund aufbewahrt)</translation>
    </message>
    <message>
        <source>Edit Environment %1 — %2</source>
        <translation>Umgebung %1 bearbeiten — %2</translation>
    </message>
    <message>
        <source>Add Environment — %1</source>
        <translation>Umgebung hinzufügen — %1</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>known_hosts file</source>
        <translation>known_hosts-Datei</translation>
    </message>
    <message>
        <source>Database name</source>
        <translation>Name der Datenbank</translation>
    </message>
    <message>
        <source>File, relative to the project folder</source>
        <translation>Datei, relativ zum Projektordner</translation>
    </message>
    <message>
        <source>default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Not tested: no password given.</source>
        <translation>Nicht getestet: kein Passwort angegeben.</translation>
    </message>
    <message>
        <source>Reached in %1 ms. No revision applied yet.</source>
        <translation>In %1 ms erreicht. Noch keine Revision angewendet.</translation>
    </message>
    <message>
        <source>Reached in %1 ms. Version table: %2.</source>
        <translation>In %1 ms erreicht. Versionstabelle: %2.</translation>
    </message>
    <message>
        <source>The database file does not exist yet; the first upgrade creates it.</source>
        <translation>Die Datenbankdatei gibt es noch nicht; das erste Upgrade legt sie an.</translation>
    </message>
    <message>
        <source>Reached the server, but it refused the user or password: %1</source>
        <translation>Server erreicht, aber er lehnt Benutzer oder Passwort ab: %1</translation>
    </message>
    <message>
        <source>The SSH host is not in known_hosts yet (key %1).</source>
        <translation>Der SSH-Host steht noch nicht in known_hosts (Schlüssel %1).</translation>
    </message>
    <message>
        <source>WARNING: the SSH host&apos;s key has CHANGED (now %1). This may be an attack; nothing was sent.</source>
        <translation>WARNUNG: Der Schlüssel des SSH-Hosts hat sich GEÄNDERT (jetzt %1). Das kann ein Angriff sein; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>No answer in time: %1</source>
        <translation>Keine Antwort in der Zeit: %1</translation>
    </message>
    <message>
        <source>Not reachable: %1</source>
        <translation>Nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::EnvironmentPanel</name>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>MySQL/MariaDB</source>
        <translation>MySQL/MariaDB</translation>
    </message>
    <message>
        <source> via SSH %1</source>
        <translation> über SSH %1</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft …</translation>
    </message>
    <message>
        <source>%1 is protected: runs need the environment&apos;s name typed to confirm</source>
        <translation>%1 ist geschützt: Läufe müssen durch Eintippen des Umgebungsnamens bestätigt werden</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>(nothing applied)</source>
        <translation>(nichts angewendet)</translation>
    </message>
    <message>
        <source>The database has no version rows yet.</source>
        <translation>Die Datenbank hat noch keine Versionszeilen.</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>At heads</source>
        <translation>Auf den Köpfen</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>retort::gui::HistoryPanel</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Ausgeführt von</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ausgang</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>The history could not be read</source>
        <translation>Der Verlauf konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Nothing run by Retort here yet</source>
        <translation>Hier hat Retort noch nichts ausgeführt</translation>
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
    <message>
        <source>Revisions: %1 of %2</source>
        <translation>Revisionen: %1 von %2</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>The environment the migration actions apply to</source>
        <translation>Die Umgebung, auf die sich die Migrationsaktionen beziehen</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source>Upgrade to Heads</source>
        <translation>Upgrade auf die Köpfe</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Downgrade One Step</source>
        <translation>Downgrade um einen Schritt</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Upgrade to Here</source>
        <translation>Upgrade bis hier</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Downgrade to Here</source>
        <translation>Downgrade bis hier</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Stamp Here</source>
        <translation>Hier stempeln</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>New Revision…</source>
        <translation>Neue Revision …</translation>
    </message>
    <message>
        <source>Merge Heads…</source>
        <translation>Köpfe zusammenführen …</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Revision</source>
        <translation>&amp;Revision</translation>
    </message>
    <message>
        <source>&amp;Migrate</source>
        <translation>&amp;Migrieren</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Umgebungen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Migration failed</source>
        <translation>Migration fehlgeschlagen</translation>
    </message>
    <message>
        <source>The migration stopped. The database is at the last step that completed.</source>
        <translation>Die Migration wurde angehalten. Die Datenbank steht beim letzten abgeschlossenen Schritt.</translation>
    </message>
    <message>
        <source>The plan could not be made.</source>
        <translation>Der Plan konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Revision: %1
File: %2
Line: %3</source>
        <translation>Revision: %1
Datei: %2
Zeile: %3</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (geschützt)</translation>
    </message>
    <message>
        <source>There is only one head: nothing to merge.</source>
        <translation>Es gibt nur einen Kopf: nichts zusammenzuführen.</translation>
    </message>
    <message>
        <source>Fix the problems listed first: migrations are not run on a broken project.</source>
        <translation>Zuerst die aufgeführten Probleme beheben: Auf einem fehlerhaften Projekt laufen keine Migrationen.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Clear Recent Projects</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>%1: checking…</source>
        <translation>%1: wird geprüft …</translation>
    </message>
    <message>
        <source>%1: not reachable</source>
        <translation>%1: nicht erreichbar</translation>
    </message>
    <message>
        <source>%1: unknown revision in the version table</source>
        <translation>%1: unbekannte Revision in der Versionstabelle</translation>
    </message>
    <message>
        <source>%1: up to date</source>
        <translation>%1: aktuell</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n pending</source>
        <translation>
            <numerusform>%1: %n ausstehend</numerusform>
            <numerusform>%1: %n ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>Show Changes Since Applied…</source>
        <translation>Änderungen seit dem Anwenden zeigen …</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Add Environment…</source>
        <translation>Umgebung &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Edit Environment…</source>
        <translation>Umgebung &amp;bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Remove Environment…</source>
        <translation>Umgebung &amp;entfernen …</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>&amp;Sicherungen …</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <source>Edited After It Was Applied</source>
        <translation>Nach dem Anwenden geändert</translation>
    </message>
    <message>
        <source>Revision %1 was changed after it was applied. The database still has what ran then; the file now says something else.</source>
        <translation>Revision %1 wurde nach dem Anwenden geändert. Die Datenbank enthält, was damals lief; die Datei sagt jetzt etwas anderes.</translation>
    </message>
    <message>
        <source>Backed up %1</source>
        <translation>%1 gesichert</translation>
    </message>
    <message>
        <source>Backup of %1 failed: %2</source>
        <translation>Sicherung von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Interrupted Run</source>
        <translation>Unterbrochener Lauf</translation>
    </message>
    <message>
        <source>A run on %1 was interrupted: %2</source>
        <translation>Ein Lauf auf %1 wurde unterbrochen: %2</translation>
    </message>
    <message>
        <source>%1

Inspect the schema first. Then retry the step, or — if its changes are in place — stamp the database so the version table says so.</source>
        <translation>%1

Prüfen Sie zuerst das Schema. Wiederholen Sie dann den Schritt oder stempeln Sie die Datenbank, falls seine Änderungen schon vorhanden sind, damit die Versionstabelle es sagt.</translation>
    </message>
    <message>
        <source>Retry the Step…</source>
        <translation>Schritt wiederholen …</translation>
    </message>
    <message>
        <source>Stamp as Done…</source>
        <translation>Als erledigt stempeln …</translation>
    </message>
    <message>
        <source>Inspect First</source>
        <translation>Zuerst prüfen</translation>
    </message>
    <message>
        <source>Added environment %1 to %2</source>
        <translation>Umgebung %1 zu %2 hinzugefügt</translation>
    </message>
    <message>
        <source>Saved environment %1 in %2</source>
        <translation>Umgebung %1 in %2 gespeichert</translation>
    </message>
    <message>
        <source>Remove Environment</source>
        <translation>Umgebung entfernen</translation>
    </message>
    <message>
        <source>Remove environment %1 from %2?

Only its entry in the project file is removed; the database itself is not touched.</source>
        <translation>Umgebung %1 aus %2 entfernen?

Nur ihr Eintrag in der Projektdatei wird entfernt; die Datenbank selbst bleibt unberührt.</translation>
    </message>
    <message>
        <source>Removed environment %1</source>
        <translation>Umgebung %1 entfernt</translation>
    </message>
    <message>
        <source>Alembic &amp;Program…</source>
        <translation>Alembic-&amp;Programm …</translation>
    </message>
    <message>
        <source>The alembic program (e.g. the project&apos;s virtualenv bin/alembic)</source>
        <translation>Das alembic-Programm (z. B. bin/alembic in der virtuellen Umgebung des Projekts)</translation>
    </message>
    <message>
        <source>Applying Alembic revisions is disabled: %1. Set the program with File ▸ Alembic Program….</source>
        <translation>Das Anwenden von Alembic-Revisionen ist deaktiviert: %1. Das Programm unter Datei ▸ Alembic-Programm … festlegen.</translation>
    </message>
</context>
<context>
    <name>retort::gui::MergeHeadsDialog</name>
    <message>
        <source>Merge Heads — %1</source>
        <translation>Köpfe zusammenführen — %1</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Zusammenführen</translation>
    </message>
    <message>
        <source>Nothing to merge: the project has no revisions yet.</source>
        <translation>Nichts zusammenzuführen: Das Projekt hat noch keine Revisionen.</translation>
    </message>
    <message>
        <source>Nothing to merge: the project has a single head, %1. A merge joins two or more heads into one.</source>
        <translation>Nichts zusammenzuführen: Das Projekt hat nur einen Kopf, %1. Eine Zusammenführung vereint zwei oder mehr Köpfe.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The project has %1 heads. A merge revision joins the ticked heads into one; it has no SQL of its own unless you add some.</source>
        <translation>Das Projekt hat %1 Köpfe. Eine Merge-Revision vereint die angekreuzten Köpfe; eigenes SQL hat sie nur, wenn Sie welches hinzufügen.</translation>
    </message>
    <message>
        <source>Tick at least two heads to merge.</source>
        <translation>Mindestens zwei Köpfe zum Zusammenführen ankreuzen.</translation>
    </message>
    <message>
        <source>The merge revision was not written: %1</source>
        <translation>Die Merge-Revision wurde nicht geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::MigrationController</name>
    <message>
        <source>Planning %1 of %2 to %3…</source>
        <translation>Plane %1 von %2 nach %3 …</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Plan not run.</source>
        <translation>Plan nicht ausgeführt.</translation>
    </message>
    <message>
        <source>  step %1 done in %2 ms</source>
        <translation>  Schritt %1 fertig in %2 ms</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Not run: no password was given.</source>
        <translation>Nicht ausgeführt: kein Passwort angegeben.</translation>
    </message>
    <message>
        <source>The SSH key needs its passphrase.</source>
        <translation>Der SSH-Schlüssel braucht seine Passphrase.</translation>
    </message>
    <message>
        <source>The SSH server refused the password; enter it again.</source>
        <translation>Der SSH-Server lehnt das Passwort ab; bitte erneut eingeben.</translation>
    </message>
    <message>
        <source>The database refused the password; enter it again.</source>
        <translation>Die Datenbank lehnt das Passwort ab; bitte erneut eingeben.</translation>
    </message>
    <message>
        <source>Not run: the SSH host key was not trusted.</source>
        <translation>Nicht ausgeführt: Dem SSH-Hostschlüssel wurde nicht vertraut.</translation>
    </message>
    <message>
        <source>Waiting for the run lock (%1 s): held by %2</source>
        <translation>Warte auf die Laufsperre (%1 s): gehalten von %2</translation>
    </message>
    <message>
        <source>%1 is protected: backing it up and running the pre-flight checks…</source>
        <translation>%1 ist geschützt: wird gesichert und vorab geprüft …</translation>
    </message>
    <message>
        <source>Not run on %1: %2</source>
        <translation>Nicht auf %1 ausgeführt: %2</translation>
    </message>
    <message>
        <source>Backup: %1 (%2 bytes). Restore with: %3</source>
        <translation>Sicherung: %1 (%2 Bytes). Wiederherstellen mit: %3</translation>
    </message>
</context>
<context>
    <name>retort::gui::NewRevisionDialog</name>
    <message>
        <source>New Revision — %1</source>
        <translation>Neue Revision — %1</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>The project has 1 problem: revisions in a broken script are not listed.</source>
        <translation>Das Projekt hat 1 Problem: Revisionen in einem fehlerhaften Skript sind nicht aufgeführt.</translation>
    </message>
    <message>
        <source>The project has %1 problems: revisions in broken scripts are not listed.</source>
        <translation>Das Projekt hat %1 Probleme: Revisionen in fehlerhaften Skripten sind nicht aufgeführt.</translation>
    </message>
    <message>
        <source>%1 (head)</source>
        <translation>%1 (Kopf)</translation>
    </message>
    <message>
        <source>The project has no revisions yet: this one will be its first base.</source>
        <translation>Das Projekt hat noch keine Revisionen: Diese wird seine erste Basis.</translation>
    </message>
    <message>
        <source>The new revision follows the head, %1. Heads are listed first, in bold.</source>
        <translation>Die neue Revision folgt auf den Kopf %1. Köpfe stehen fett zuerst.</translation>
    </message>
    <message>
        <source>The project has %1 heads (listed first, in bold): tick the one to build on, or several to merge them.</source>
        <translation>Das Projekt hat %1 Köpfe (fett zuerst aufgeführt): den gewünschten ankreuzen oder mehrere, um sie zusammenzuführen.</translation>
    </message>
    <message>
        <source>Tick the revision to build on, or “No parent: start a new base”.</source>
        <translation>Die Revision ankreuzen, auf der aufgebaut wird, oder „Keine Eltern: neue Basis beginnen“.</translation>
    </message>
    <message>
        <source>The revision was not written: %1</source>
        <translation>Die Revision wurde nicht geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::PlanDialog</name>
    <message>
        <source>1 migration</source>
        <translation>1 Migration</translation>
    </message>
    <message>
        <source>%1 migrations</source>
        <translation>%1 Migrationen</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>Upgrade %1 from %2 to %3: %4</source>
        <translation>Upgrade von %1 von %2 auf %3: %4</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>Downgrade %1 from %2 to %3: %4</source>
        <translation>Downgrade von %1 von %2 auf %3: %4</translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation>Stempeln</translation>
    </message>
    <message>
        <source>Stamp %1 from %2 to %3: only the version table changes</source>
        <translation>%1 von %2 auf %3 stempeln: nur die Versionstabelle ändert sich</translation>
    </message>
    <message>
        <source>%1 %2 — Review Plan</source>
        <translation>%1 %2 — Plan prüfen</translation>
    </message>
    <message>
        <source>Nothing to do: %1 is already at %2.</source>
        <translation>Nichts zu tun: %1 steht schon bei %2.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Every row of the version table is deleted first (purge).</source>
        <translation>Zuerst wird jede Zeile der Versionstabelle gelöscht (purge).</translation>
    </message>
    <message>
        <source>1 step runs outside a transaction: a failure part-way leaves its earlier statements applied.</source>
        <translation>1 Schritt läuft außerhalb einer Transaktion: Ein Fehler mittendrin lässt seine früheren Anweisungen angewendet.</translation>
    </message>
    <message>
        <source>%1 steps run outside a transaction: a failure part-way leaves their earlier statements applied.</source>
        <translation>%1 Schritte laufen außerhalb einer Transaktion: Ein Fehler mittendrin lässt ihre früheren Anweisungen angewendet.</translation>
    </message>
    <message>
        <source>%1 is a protected environment.</source>
        <translation>%1 ist eine geschützte Umgebung.</translation>
    </message>
    <message>
        <source>stamp</source>
        <translation>Stempeln</translation>
    </message>
    <message>
        <source>upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>Stamp: only the version table changes; no migration SQL runs.</source>
        <translation>Stempeln: Nur die Versionstabelle ändert sich; kein Migrations-SQL läuft.</translation>
    </message>
    <message>
        <source>%1 (no transaction)</source>
        <translation>%1 (ohne Transaktion)</translation>
    </message>
    <message>
        <source>Transactional: false. The statements run one by one; a failure part-way leaves the earlier ones applied.</source>
        <translation>Transactional: false. Die Anweisungen laufen einzeln; ein Fehler mittendrin lässt die früheren angewendet.</translation>
    </message>
    <message>
        <source>-- Nothing to do.
</source>
        <translation>-- Nichts zu tun.
</translation>
    </message>
    <message>
        <source>Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>Zum Bestätigen &lt;b&gt;%1&lt;/b&gt; eintippen:</translation>
    </message>
</context>
<context>
    <name>retort::gui::PreflightDialog</name>
    <message>
        <source>Pre-flight Checks — %1</source>
        <translation>Prüfungen vor dem Lauf — %1</translation>
    </message>
    <message>
        <source>%1 is protected. Every pre-flight check passed.</source>
        <translation>%1 ist geschützt. Alle Prüfungen vor dem Lauf bestanden.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is protected, and %n pre-flight check(s) failed.</source>
        <translation>
            <numerusform>%1 ist geschützt, und %n Prüfung vor dem Lauf ist fehlgeschlagen.</numerusform>
            <numerusform>%1 ist geschützt, und %n Prüfungen vor dem Lauf sind fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>Backup taken: %1 (%2). Restore with:
%3</source>
        <translation>Sicherung angelegt: %1 (%2). Wiederherstellen mit:
%3</translation>
    </message>
    <message>
        <source>Override and Continue</source>
        <translation>Übergehen und fortfahren</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortfahren</translation>
    </message>
</context>
<context>
    <name>retort::gui::RevisionDetail</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · not in this script</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · nicht in diesem Skript</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · line %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Zeile %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · lines %2–%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Zeilen %2–%3</translation>
    </message>
    <message>
        <source>No revision selected</source>
        <translation>Keine Revision ausgewählt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Upgrade&lt;/b&gt;</source>
        <translation>&lt;b&gt;Upgrade&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Downgrade&lt;/b&gt;</source>
        <translation>&lt;b&gt;Downgrade&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(keine Nachricht)</translation>
    </message>
    <message>
        <source>none — a base</source>
        <translation>keine — eine Basis</translation>
    </message>
    <message>
        <source>none — a head</source>
        <translation>keine — ein Head</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>declared as %1</source>
        <translation>angegeben als %1</translation>
    </message>
    <message>
        <source>Default (plain sections)</source>
        <translation>Standard (allgemeine Abschnitte)</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>upgrade() — Python</source>
        <translation>upgrade() — Python</translation>
    </message>
    <message>
        <source>downgrade() — Python</source>
        <translation>downgrade() — Python</translation>
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
    <message>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>State in %1</source>
        <translation>Stand in %1</translation>
    </message>
    <message>
        <source>Edited after it was applied to %1</source>
        <translation>Nach dem Anwenden auf %1 geändert</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>geändert</translation>
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
