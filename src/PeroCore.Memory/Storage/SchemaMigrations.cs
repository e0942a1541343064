namespace PeroCore.Memory.Storage;

/// <summary>
/// The schema of a PeroCore database, as an ordered list of forward-only migrations.
/// Conventions: every time is INTEGER epoch milliseconds in UTC; booleans are INTEGER 0/1; JSON is TEXT;
/// ids are AUTOINCREMENT so a deleted id is never reused (the vector index is keyed by memory id).
/// </summary>
public static class SchemaMigrations
{
    /// <summary>All migrations, in order. Append new ones; never edit one that has shipped.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema", V1),
        new(2, "full-text index and tag table", V2, MemoryRepository.RebuildFullTextAsync),
        new(3, "queue of memories whose relations are linked in the background", V3),
        new(4, "outbox of pushed events", V4),
        new(5, "delivery state of scheduled tasks", ScheduledTaskDelivery),
        new(6, "HTTP headers of MCP servers", McpHeaders),
        new(7, "memory history, archived memories, derived_from relations", MemoryHistorySchema),
        new(8, "maintenance runs: kind, trigger, status and per-step results", MaintenanceRunColumns),
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => All[^1].Version;

    // A scheduled task is claimed (pending -> claimed) in one UPDATE by whichever deliverer comes first (the scheduler
    // or the legacy poll), so it is delivered once; a failed turn goes back to pending after not_before (backoff), and
    // after the last attempt stays failed with its error. is_triggered (the original's column) stays 1 from the claim on,
    // except while a failed attempt waits for its retry. Times are epoch ms (UTC).
    private const string ScheduledTaskDelivery = """
        ALTER TABLE scheduled_task ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'claimed', 'delivered', 'failed'));
        ALTER TABLE scheduled_task ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
        ALTER TABLE scheduled_task ADD COLUMN last_error TEXT;
        ALTER TABLE scheduled_task ADD COLUMN not_before INTEGER;
        ALTER TABLE scheduled_task ADD COLUMN claimed_at INTEGER;
        ALTER TABLE scheduled_task ADD COLUMN delivered_at INTEGER;
        ALTER TABLE scheduled_task ADD COLUMN delivered_via TEXT;
        ALTER TABLE scheduled_task ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
        UPDATE scheduled_task SET status = 'delivered', delivered_via = 'original' WHERE is_triggered = 1;
        CREATE INDEX ix_scheduled_task_status_time ON scheduled_task(status, time);
        """;

    // Headers sent to an HTTP/SSE MCP server (Authorization, API keys): a JSON object, masked on read like env.
    private const string McpHeaders = """
        ALTER TABLE mcp_config ADD COLUMN headers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(headers));
        """;

    // A maintenance run is written when it starts (status 'running') and after each step, so a run cut short by a crash
    // is still on record; the host marks such a run 'interrupted' at the next start. steps is a JSON array of step results.
    private const string MaintenanceRunColumns = """
        ALTER TABLE maintenance_record ADD COLUMN kind TEXT NOT NULL DEFAULT 'maintenance';
        ALTER TABLE maintenance_record ADD COLUMN trigger TEXT NOT NULL DEFAULT 'manual';
        ALTER TABLE maintenance_record ADD COLUMN status TEXT NOT NULL DEFAULT 'completed'
            CHECK (status IN ('running', 'completed', 'failed', 'interrupted'));
        ALTER TABLE maintenance_record ADD COLUMN steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps));
        ALTER TABLE maintenance_record ADD COLUMN finished_at INTEGER;
        """;

    // Every change to a memory writes a history row in the same transaction: before_json/after_json are full images
    // (the row with its vector, its relations both ways, its time-axis neighbours); an import writes one row per batch
    // (memory_id NULL, the ids in after_json). No foreign key: history outlives the memory (a purge removes both).
    // archived_at: archived memories stay in every index but recall and lists leave them out unless asked.
    // memory_relation is rebuilt (ids and the AUTOINCREMENT counter kept) to allow 'derived_from' (a merged memory
    // points at its sources).
    private const string MemoryHistorySchema = """
        CREATE TABLE memory_history (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            memory_id   INTEGER,
            op          TEXT    NOT NULL CHECK (op IN ('create', 'update', 'archive', 'unarchive', 'delete', 'relate', 'unrelate', 'merge', 'import', 'revert')),
            actor       TEXT    NOT NULL CHECK (length(trim(actor)) > 0 AND length(actor) <= 50),
            run_id      INTEGER,
            created_at  INTEGER NOT NULL,
            before_json TEXT    CHECK (before_json IS NULL OR json_valid(before_json)),
            after_json  TEXT    CHECK (after_json IS NULL OR json_valid(after_json))
        );
        CREATE INDEX ix_memory_history_memory_id ON memory_history(memory_id, id);
        CREATE INDEX ix_memory_history_run_id ON memory_history(run_id, id) WHERE run_id IS NOT NULL;
        CREATE INDEX ix_memory_history_created_at ON memory_history(created_at);
        CREATE INDEX ix_memory_history_import ON memory_history(id) WHERE memory_id IS NULL;

        ALTER TABLE memory ADD COLUMN archived_at INTEGER;
        CREATE INDEX ix_memory_archived_at ON memory(archived_at) WHERE archived_at IS NOT NULL;

        CREATE TABLE memory_relation_v5 (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id     INTEGER NOT NULL REFERENCES memory(id) ON DELETE CASCADE,
            target_id     INTEGER NOT NULL REFERENCES memory(id) ON DELETE CASCADE,
            relation_type TEXT    NOT NULL DEFAULT 'associative'
                          CHECK (relation_type IN ('associative', 'causal', 'thematic', 'temporal', 'contradictory', 'derived_from')),
            strength      REAL    NOT NULL DEFAULT 0.5 CHECK (strength >= 0.0 AND strength <= 1.0),
            description   TEXT,
            created_at    INTEGER NOT NULL,
            CHECK (source_id <> target_id),
            UNIQUE (source_id, target_id, relation_type)
        );
        INSERT INTO memory_relation_v5 (id, source_id, target_id, relation_type, strength, description, created_at)
            SELECT id, source_id, target_id, relation_type, strength, description, created_at FROM memory_relation ORDER BY id;
        DELETE FROM sqlite_sequence WHERE name = 'memory_relation_v5';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'memory_relation_v5', seq FROM sqlite_sequence WHERE name = 'memory_relation';
        DROP TABLE memory_relation;
        ALTER TABLE memory_relation_v5 RENAME TO memory_relation;
        CREATE INDEX ix_memory_relation_target_id ON memory_relation(target_id);
        """;

    // Every push to clients (pet state, reminders, secretary reports...) is stored before it is sent; the id is the
    // clients' resume cursor (AUTOINCREMENT, so a pruned id is never reused). read_at stays NULL until a client marks
    // the event read.
    private const string V4 = """
        CREATE TABLE event_outbox (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            kind       TEXT    NOT NULL CHECK (length(trim(kind)) > 0 AND length(kind) <= 100),
            payload    TEXT    NOT NULL CHECK (json_valid(payload)),
            created_at INTEGER NOT NULL,
            read_at    INTEGER
        );
        CREATE INDEX ix_event_outbox_unread ON event_outbox(id) WHERE read_at IS NULL;
        CREATE INDEX ix_event_outbox_created_at ON event_outbox(created_at);
        """;

    // Full-text rows are written by MemoryRepository in the same transaction as the memory, with CJK text
    // segmented into single characters and overlapping bigrams (FtsSegmenter), so unicode61 can match 1-2
    // character Chinese words. rowid = memory.id.
    // A bulk import may leave the nearest-neighbour and shared-tag relations to a background pass that runs once
    // the vectors are in the HNSW graph; the queue survives restarts, and a deleted memory leaves it.
    private const string V3 = """
        CREATE TABLE memory_link_pending (
            memory_id INTEGER PRIMARY KEY REFERENCES memory(id) ON DELETE CASCADE
        );
        """;

    private const string V2 = """
        CREATE VIRTUAL TABLE memory_fts USING fts5(content, tags, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE memory_fts_vocab USING fts5vocab(memory_fts, 'row');

        CREATE TABLE tag (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            name            TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
            embedding       BLOB,
            embedding_model TEXT,
            created_at      INTEGER NOT NULL
        );
        """;

    private const string V1 = """
        CREATE TABLE memory (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            content         TEXT    NOT NULL CHECK (length(trim(content)) > 0),
            tags            TEXT    NOT NULL DEFAULT '',
            clusters        TEXT,
            importance      INTEGER NOT NULL DEFAULT 1 CHECK (importance BETWEEN 0 AND 10),
            base_importance REAL    NOT NULL DEFAULT 1.0 CHECK (base_importance BETWEEN 0.0 AND 10.0),
            access_count    INTEGER NOT NULL DEFAULT 0 CHECK (access_count >= 0),
            last_accessed   INTEGER NOT NULL,
            sentiment       TEXT    NOT NULL DEFAULT 'neutral',
            timestamp       INTEGER NOT NULL,
            prev_id         INTEGER REFERENCES memory(id) ON DELETE SET NULL,
            next_id         INTEGER REFERENCES memory(id) ON DELETE SET NULL,
            msg_timestamp   TEXT,
            source          TEXT    NOT NULL DEFAULT 'desktop',
            type            TEXT    NOT NULL DEFAULT 'event',
            embedding       BLOB,
            embedding_model TEXT,
            updated_at      INTEGER NOT NULL
        );
        CREATE INDEX ix_memory_timestamp ON memory(timestamp, id);
        CREATE INDEX ix_memory_type ON memory(type);
        CREATE INDEX ix_memory_prev_id ON memory(prev_id);
        CREATE INDEX ix_memory_next_id ON memory(next_id);
        CREATE INDEX ix_memory_msg_timestamp ON memory(msg_timestamp) WHERE msg_timestamp IS NOT NULL;

        -- Every change to a memory's vector, in order; the vector index records the highest seq it contains.
        CREATE TABLE memory_change (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            memory_id INTEGER NOT NULL,
            op        INTEGER NOT NULL CHECK (op IN (1, 2))  -- 1 = vector upserted, 2 = memory deleted
        );

        CREATE TABLE memory_relation (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id     INTEGER NOT NULL REFERENCES memory(id) ON DELETE CASCADE,
            target_id     INTEGER NOT NULL REFERENCES memory(id) ON DELETE CASCADE,
            relation_type TEXT    NOT NULL DEFAULT 'associative'
                          CHECK (relation_type IN ('associative', 'causal', 'thematic', 'temporal', 'contradictory')),
            strength      REAL    NOT NULL DEFAULT 0.5 CHECK (strength >= 0.0 AND strength <= 1.0),
            description   TEXT,
            created_at    INTEGER NOT NULL,
            CHECK (source_id <> target_id),
            UNIQUE (source_id, target_id, relation_type)
        );
        CREATE INDEX ix_memory_relation_target_id ON memory_relation(target_id);

        CREATE TABLE conversation_log (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id      TEXT    NOT NULL,
            source          TEXT    NOT NULL,
            role            TEXT    NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
            content         TEXT    NOT NULL,
            timestamp       INTEGER NOT NULL,
            metadata_json   TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
            pair_id         TEXT,
            sentiment       TEXT,
            importance      INTEGER,
            memory_id       INTEGER REFERENCES memory(id) ON DELETE SET NULL,
            analysis_status TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (analysis_status IN ('pending', 'processing', 'completed', 'failed', 'skipped')),
            retry_count     INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT
        );
        CREATE INDEX ix_conversation_log_session ON conversation_log(source, session_id, timestamp, id);
        CREATE INDEX ix_conversation_log_pair_id ON conversation_log(pair_id) WHERE pair_id IS NOT NULL;
        CREATE INDEX ix_conversation_log_memory_id ON conversation_log(memory_id) WHERE memory_id IS NOT NULL;
        CREATE INDEX ix_conversation_log_pending ON conversation_log(analysis_status, id)
            WHERE analysis_status IN ('pending', 'processing');

        CREATE TABLE pet_state (
            id                  INTEGER PRIMARY KEY AUTOINCREMENT,
            mood                TEXT    NOT NULL,
            vibe                TEXT    NOT NULL,
            mind                TEXT    NOT NULL,
            click_messages_json TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(click_messages_json)),
            idle_messages_json  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(idle_messages_json)),
            back_messages_json  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(back_messages_json)),
            updated_at          INTEGER NOT NULL
        );
        CREATE INDEX ix_pet_state_updated_at ON pet_state(updated_at, id);

        CREATE TABLE maintenance_record (
            id                    INTEGER PRIMARY KEY AUTOINCREMENT,
            timestamp             INTEGER NOT NULL,
            preferences_extracted INTEGER NOT NULL DEFAULT 0,
            important_tagged      INTEGER NOT NULL DEFAULT 0,
            consolidated          INTEGER NOT NULL DEFAULT 0,
            cleaned_count         INTEGER NOT NULL DEFAULT 0,
            retired_count         INTEGER NOT NULL DEFAULT 0,
            created_ids           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(created_ids)),
            deleted_data          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(deleted_data)),
            modified_data         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(modified_data)),
            undone_at             INTEGER
        );
        CREATE INDEX ix_maintenance_record_timestamp ON maintenance_record(timestamp);

        CREATE TABLE config (
            key        TEXT    PRIMARY KEY NOT NULL CHECK (length(key) > 0),
            value      TEXT    NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE scheduled_task (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            type         TEXT    NOT NULL CHECK (type IN ('reminder', 'topic', 'reaction')),
            time         INTEGER NOT NULL,
            content      TEXT    NOT NULL,
            is_triggered INTEGER NOT NULL DEFAULT 0 CHECK (is_triggered IN (0, 1)),
            created_at   INTEGER NOT NULL
        );
        CREATE INDEX ix_scheduled_task_due ON scheduled_task(is_triggered, time);

        CREATE TABLE model_config (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            model_id      TEXT    NOT NULL CHECK (length(trim(model_id)) > 0),
            provider      TEXT    NOT NULL DEFAULT 'openai',
            provider_type TEXT    NOT NULL DEFAULT 'global' CHECK (provider_type IN ('global', 'custom')),
            api_key       TEXT,
            api_base      TEXT,
            temperature   REAL    NOT NULL DEFAULT 0.7 CHECK (temperature >= 0.0 AND temperature <= 2.0),
            top_p         REAL    CHECK (top_p IS NULL OR (top_p > 0.0 AND top_p <= 1.0)),
            max_tokens    INTEGER CHECK (max_tokens IS NULL OR max_tokens > 0),
            stream        INTEGER NOT NULL DEFAULT 1 CHECK (stream IN (0, 1)),
            is_multimodal INTEGER NOT NULL DEFAULT 0 CHECK (is_multimodal IN (0, 1)),
            enable_vision INTEGER NOT NULL DEFAULT 0 CHECK (enable_vision IN (0, 1)),
            enable_voice  INTEGER NOT NULL DEFAULT 0 CHECK (enable_voice IN (0, 1)),
            enable_video  INTEGER NOT NULL DEFAULT 0 CHECK (enable_video IN (0, 1)),
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL
        );

        CREATE TABLE voice_config (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            type        TEXT    NOT NULL CHECK (type IN ('stt', 'tts')),
            name        TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            provider    TEXT    NOT NULL,
            api_key     TEXT,
            api_base    TEXT,
            model       TEXT,
            config_json TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(config_json)),
            is_active   INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        -- At most one active configuration per type.
        CREATE UNIQUE INDEX ux_voice_config_active ON voice_config(type) WHERE is_active = 1;

        CREATE TABLE mcp_config (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            name       TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            type       TEXT    NOT NULL DEFAULT 'stdio' CHECK (type IN ('stdio', 'sse', 'http')),
            command    TEXT,
            args       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(args)),
            env        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(env)),
            url        TEXT,
            enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );

        -- Engine bookkeeping that is not a user setting: embedding model identity, index checkpoints.
        CREATE TABLE engine_state (
            key        TEXT    PRIMARY KEY NOT NULL,
            value      TEXT    NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;
}
