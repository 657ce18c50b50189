"""The register's schema, as the scripts that bring a register from each version to the next.

Index i of ``MIGRATIONS`` brings a register from version i to i + 1; a new
register runs them all. A migration never loses a row.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE numbers (
        symbol TEXT NOT NULL, issuer TEXT NOT NULL,
        body TEXT NOT NULL,  -- '' for the Khối; an organisation's code for its own series
        number INTEGER NOT NULL,
        kind TEXT NOT NULL, key TEXT NOT NULL,
        PRIMARY KEY (symbol, issuer, body, number)
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        symbol TEXT NOT NULL, issuer TEXT NOT NULL, number INTEGER, date TEXT,
        recipient TEXT NOT NULL, org TEXT,
        docx TEXT NOT NULL, pdf TEXT,
        content_hash TEXT NOT NULL, file_hash TEXT NOT NULL,
        file_size INTEGER, file_mtime INTEGER,  -- to tell an untouched file without reading it
        data TEXT NOT NULL,
        supersedes INTEGER REFERENCES documents(id),
        replaces INTEGER REFERENCES documents(id),
        reason TEXT NOT NULL DEFAULT '',
        issued_at TEXT NOT NULL,
        UNIQUE (kind, key, revision)
    );
    CREATE UNIQUE INDEX one_current ON documents(kind, key) WHERE status = 'current';
    """,
    # The data each revision was made from moves to a table of its own: every build reads
    # the current rows, and stepping over megabytes of JSON was most of that read.
    # What planning one group's documents of a kind gave, and from which inputs
    # (``incremental``): a cache, rebuilt by the next build if it is lost.
    """
    CREATE TABLE contents (
        id INTEGER PRIMARY KEY REFERENCES documents(id),
        data TEXT NOT NULL  -- the context the revision was rendered from, as JSON
    );
    INSERT INTO contents SELECT id, data FROM documents;
    CREATE TABLE documents_v2 (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        symbol TEXT NOT NULL, issuer TEXT NOT NULL, number INTEGER, date TEXT,
        recipient TEXT NOT NULL, org TEXT,
        docx TEXT NOT NULL, pdf TEXT,
        content_hash TEXT NOT NULL, file_hash TEXT NOT NULL,
        file_size INTEGER, file_mtime INTEGER,
        supersedes INTEGER REFERENCES documents(id),
        replaces INTEGER REFERENCES documents(id),
        reason TEXT NOT NULL DEFAULT '',
        issued_at TEXT NOT NULL,
        UNIQUE (kind, key, revision)
    );
    INSERT INTO documents_v2 SELECT id, kind, key, revision, status, symbol, issuer, number,
        date, recipient, org, docx, pdf, content_hash, file_hash, file_size, file_mtime,
        supersedes, replaces, reason, issued_at FROM documents;
    DROP TABLE documents;
    ALTER TABLE documents_v2 RENAME TO documents;
    CREATE UNIQUE INDEX one_current ON documents(kind, key) WHERE status = 'current';
    CREATE TABLE plans (
        kind TEXT NOT NULL,
        org TEXT NOT NULL,  -- the group: an organisation's code, or '' for the round
        inputs TEXT NOT NULL,  -- fingerprint of everything those documents are made from
        keys TEXT NOT NULL,  -- JSON list of the documents' keys
        PRIMARY KEY (kind, org)
    );
    """,
    # File moves planned with the rows they belong to (``journal``): committed with them,
    # carried out after, finished by the next command if a run is killed in between.
    # Paths held by a row are looked up before any file lands (nothing held is overwritten).
    # A document no longer wanted is withdrawn: kept, with when and why.
    """
    ALTER TABLE documents ADD COLUMN withdrawn_at TEXT;
    ALTER TABLE documents ADD COLUMN withdrawn_reason TEXT;
    CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,
        src TEXT NOT NULL,  -- absolute paths
        dst TEXT NOT NULL,
        sha256 TEXT  -- of the file moved, when known
    );
    CREATE INDEX documents_docx ON documents(docx);
    CREATE TABLE outputs (
        path TEXT PRIMARY KEY,  -- a print bundle or a pack, relative to the output folder
        signature TEXT NOT NULL  -- of the files it was made from, as they were
    );
    """,
    # Who did it: each revision and withdrawal names the user (the OS account for the
    # command line, the logged-in account for the web page), and each build that wrote
    # is a row of ``runs``, for the round's "who did what when".
    """
    ALTER TABLE documents ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN withdrawn_by TEXT;
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        what TEXT NOT NULL,  -- 'build' | 'reissue'
        reason TEXT NOT NULL DEFAULT '',
        made INTEGER NOT NULL, reissued INTEGER NOT NULL, withdrawn INTEGER NOT NULL
    );
    """,
    # The rule pack and the format pack a revision was made under («366-2025 hd05-2026»):
    # a round keeps the packs of its first document, whatever the settings say later.
    """
    ALTER TABLE documents ADD COLUMN packs TEXT NOT NULL DEFAULT '';
    """,
    # The redline of a re-issue (``.thay-doi.docx``): a companion file, not a registered
    # document; one per revision, showing what changed since the revision it superseded.
    # Its files are held like a document's (never overwritten, moved to cu/ with it).
    """
    CREATE TABLE redlines (
        id INTEGER PRIMARY KEY,
        new_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),  -- the revision it shows
        old_id INTEGER NOT NULL REFERENCES documents(id),  -- the one it is compared with
        docx TEXT NOT NULL, pdf TEXT,  -- relative to the output folder
        file_hash TEXT NOT NULL,
        made_at TEXT NOT NULL, author TEXT NOT NULL,
        insertions INTEGER NOT NULL, deletions INTEGER NOT NULL
    );
    CREATE INDEX redlines_docx ON redlines(docx);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
