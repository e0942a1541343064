using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Memory.History;

namespace PeroCore.Server.Migration;

/// <summary>
/// Reads the original PeroCore's <c>perocore.db</c> (SQLModel tables <c>memory</c>, <c>memoryrelation</c>,
/// <c>conversationlog</c>, <c>petstate</c>, <c>scheduledtask</c>, <c>config</c>, <c>aimodelconfig</c>,
/// <c>voiceconfig</c>, <c>mcpconfig</c>, <c>maintenancerecord</c>) read-only and writes what fits into an open store
/// through the engine. Every memory is re-embedded with the configured model (the original's <c>embedding_json</c> came
/// from another model) through the bulk import path; the time axis is rebuilt from the timestamps, so the original's
/// prev/next chain (often dangling) is not needed. Old ids are mapped to new ones for relations, log rows and the
/// settings that name a model card. Nothing aborts on a bad row: it is left out and the report says why.
/// </summary>
internal sealed class OriginalDatabaseMigrator(PeroStore store, MemoryEngine engine, string modelName, TextWriter progress)
{
    private const int Chunk = 256;
    private static readonly string[] ModelIdKeys = ["current_model_id", "secretary_model_id", "reflection_model_id", "aux_model_id"];
    private static readonly string[] LogStatuses = ["pending", "processing", "completed", "failed"];

    private readonly Dictionary<long, long> _memoryIds = [];
    private readonly Dictionary<long, long> _modelIds = [];

    /// <summary>True when the target already holds memories, conversation lines or model cards.</summary>
    public static Task<bool> TargetHasDataAsync(PeroStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Database.ReadAsync(async (c, ct) =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM memory) + (SELECT count(*) FROM conversation_log) + (SELECT count(*) FROM model_config)";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }, cancellationToken);
    }

    /// <summary>Opens <paramref name="sourcePath"/> read-only and migrates it.</summary>
    /// <exception cref="InvalidDataException">The file is not an SQLite database of the original (no <c>memory</c> table).</exception>
    public async Task<MigrationReport> MigrateAsync(string sourcePath, CancellationToken cancellationToken)
    {
        var report = new MigrationReport();
        var builder = new SqliteConnectionStringBuilder { DataSource = sourcePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var source = new SqliteConnection(builder.ToString());
        List<Dictionary<string, object?>> memories;
        try
        {
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!await HasTableAsync(source, "memory", cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException($"{sourcePath} has no 'memory' table: it is not the original PeroCore's perocore.db.");
            }

            memories = await ReadAsync(source, "memory", "timestamp, id", cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new InvalidDataException($"{sourcePath} cannot be read as an SQLite database: {ex.Message}", ex);
        }

        report.Notes.Add($"Memories re-embedded with the configured model ({modelName}); the original's embedding_json is not used.");
        report.Notes.Add("The time axis (prev/next) is rebuilt from the memories' timestamps.");
        await MigrateMemoriesAsync(memories, report.For("memory"), cancellationToken).ConfigureAwait(false);
        await MigrateRelationsAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateLogsAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateModelsAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateConfigAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigratePetStateAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateTasksAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateVoiceAsync(source, report, cancellationToken).ConfigureAwait(false);
        await MigrateMcpAsync(source, report, cancellationToken).ConfigureAwait(false);
        if (await HasTableAsync(source, "maintenancerecord", cancellationToken).ConfigureAwait(false))
        {
            var records = await ReadAsync(source, "maintenancerecord", "id", cancellationToken).ConfigureAwait(false);
            var table = report.For("maintenancerecord");
            foreach (var r in records)
            {
                table.Skip($"id {Long(r, "id")}: its undo data names the original's memory ids, so it cannot undo anything here");
            }
        }

        return report;
    }

    private async Task MigrateMemoriesAsync(List<Dictionary<string, object?>> rows, MigrationTableReport table, CancellationToken cancellationToken)
    {
        var prepared = new List<(long OldId, NewMemory Memory, int AccessCount, DateTimeOffset? LastAccessed)>();
        var danglingChain = 0;
        var known = rows.Select(r => Long(r, "id")).OfType<long>().ToHashSet();
        foreach (var row in rows)
        {
            var id = Long(row, "id");
            if (id is null)
            {
                table.Skip("a row without an id");
                continue;
            }

            if ((Long(row, "prev_id") is { } p && !known.Contains(p)) || (Long(row, "next_id") is { } n && !known.Contains(n)))
            {
                danglingChain++;
            }

            var content = Text(row, "content");
            if (string.IsNullOrWhiteSpace(content))
            {
                table.Skip($"id {id}: empty content");
                continue;
            }

            var importance = Long(row, "importance") ?? 1;
            if (importance is < 0 or > 10)
            {
                table.Adjust($"id {id}: importance {importance} clamped to 0..10");
                importance = Math.Clamp(importance, 0, 10);
            }

            var baseImportance = Double(row, "base_importance");
            if (baseImportance is { } b && (!double.IsFinite(b) || b < 0 || b > 10))
            {
                table.Adjust($"id {id}: base_importance {b.ToString(CultureInfo.InvariantCulture)} clamped to 0..10");
                baseImportance = double.IsFinite(b) ? Math.Clamp(b, 0, 10) : null;
            }

            var timestamp = MemoryTime(row);
            if (timestamp is null)
            {
                table.Adjust($"id {id}: no readable timestamp or realTime; dated now");
            }

            prepared.Add((id.Value, new NewMemory
            {
                Content = content,
                Tags = TagList.Parse(Text(row, "tags")?.Replace('，', ',')),
                Clusters = Text(row, "clusters"),
                Importance = (int)importance,
                BaseImportance = baseImportance,
                Sentiment = Text(row, "sentiment") is { Length: > 0 } s ? s : "neutral",
                Timestamp = timestamp,
                MsgTimestamp = Text(row, "msgTimestamp"),
                Source = Text(row, "source") is { Length: > 0 } src ? src : "desktop",
                Type = Text(row, "type") is { Length: > 0 } type ? type : "event",
            }, (int)Math.Clamp(Long(row, "access_count") ?? 0, 0, int.MaxValue), LocalTime(row.GetValueOrDefault("last_accessed"))));
        }

        if (danglingChain > 0)
        {
            table.Adjust($"{danglingChain} memories had a prev_id/next_id naming no memory; the chain is rebuilt from timestamps");
        }

        var done = 0;
        foreach (var chunk in prepared.Chunk(Chunk))
        {
            await ImportChunkAsync(chunk, table, cancellationToken).ConfigureAwait(false);
            done += chunk.Length;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"memories {done}/{prepared.Count} re-embedded")).ConfigureAwait(false);
        }

        foreach (var (oldId, _, accessCount, lastAccessed) in prepared)
        {
            if (accessCount > 0 && _memoryIds.TryGetValue(oldId, out var newId))
            {
                await store.Memories.UpdateAsync(newId, m => m with { AccessCount = accessCount, LastAccessed = lastAccessed ?? m.LastAccessed }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ImportChunkAsync((long OldId, NewMemory Memory, int AccessCount, DateTimeOffset? LastAccessed)[] chunk, MigrationTableReport table, CancellationToken cancellationToken)
    {
        try
        {
            var result = await engine.ImportAsync([.. chunk.Select(c => c.Memory)], cancellationToken, origin: ChangeOrigin.Import).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                _memoryIds[chunk[i].OldId] = result.Ids[i];
            }

            table.Take(chunk.Length);
        }
        catch (ArgumentException) when (chunk.Length > 1)
        {
            // One memory the engine refuses (its text cleans to nothing, a blocked word): find it, keep the others.
            foreach (var one in chunk)
            {
                await ImportChunkAsync([one], table, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ArgumentException ex)
        {
            table.Skip($"id {chunk[0].OldId}: {ex.Message}");
        }
    }

    private async Task MigrateRelationsAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "memoryrelation", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("memoryrelation");
        foreach (var row in await ReadAsync(source, "memoryrelation", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            var (from, to) = (Long(row, "source_id"), Long(row, "target_id"));
            if (from is null || to is null || !_memoryIds.TryGetValue(from.Value, out var newFrom) || !_memoryIds.TryGetValue(to.Value, out var newTo))
            {
                table.Skip($"id {id}: memory {(from is { } f && _memoryIds.ContainsKey(f) ? to : from)?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} was not migrated or does not exist");
                continue;
            }

            if (newFrom == newTo)
            {
                table.Skip($"id {id}: relates a memory to itself");
                continue;
            }

            var type = Text(row, "relation_type") ?? RelationTypes.Associative;
            if (!RelationTypes.IsValid(type))
            {
                table.Adjust($"id {id}: relation_type '{type}' taken as associative");
                type = RelationTypes.Associative;
            }

            var strength = Double(row, "strength") ?? 0.5;
            if (!double.IsFinite(strength) || strength is < 0 or > 1)
            {
                table.Adjust($"id {id}: strength {strength.ToString(CultureInfo.InvariantCulture)} clamped to 0..1");
                strength = double.IsFinite(strength) ? Math.Clamp(strength, 0, 1) : 0.5;
            }

            try
            {
                await engine.RelateAsync(newFrom, newTo, type, strength, Text(row, "description"), ChangeOrigin.Import, cancellationToken).ConfigureAwait(false);
                table.Take();
            }
            catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
            {
                table.Skip($"id {id}: {ex.Message}");
            }
        }
    }

    private async Task MigrateLogsAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "conversationlog", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("conversationlog");
        var entries = new List<ConversationLogEntry>();
        foreach (var row in await ReadAsync(source, "conversationlog", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            var content = Text(row, "content");
            if (string.IsNullOrEmpty(content) || Text(row, "session_id") is not { Length: > 0 } session || Text(row, "role") is not { Length: > 0 } role)
            {
                table.Skip($"id {id}: no content, session_id or role");
                continue;
            }

            long? memoryId = null;
            if (Long(row, "memory_id") is { } oldMemory)
            {
                if (_memoryIds.TryGetValue(oldMemory, out var mapped))
                {
                    memoryId = mapped;
                }
                else
                {
                    table.Adjust($"id {id}: memory_id {oldMemory} was not migrated; the link is dropped");
                }
            }

            var metadata = Text(row, "metadata_json") ?? "{}";
            if (!IsJsonObject(metadata))
            {
                table.Adjust($"id {id}: metadata_json is not a JSON object; stored as {{}}");
                metadata = "{}";
            }

            var status = Text(row, "analysis_status") ?? "pending";
            entries.Add(new ConversationLogEntry
            {
                SessionId = session,
                Source = Text(row, "source") is { Length: > 0 } s ? s : "desktop",
                Role = role,
                Content = content,
                Timestamp = LocalTime(row.GetValueOrDefault("timestamp")) ?? DateTimeOffset.UtcNow,
                MetadataJson = metadata,
                PairId = Text(row, "pair_id"),
                Sentiment = Text(row, "sentiment"),
                Importance = Long(row, "importance") is { } i ? (int)Math.Clamp(i, int.MinValue, int.MaxValue) : null,
                MemoryId = memoryId,
                AnalysisStatus = LogStatuses.Contains(status, StringComparer.Ordinal) ? status : "pending",
                RetryCount = (int)Math.Clamp(Long(row, "retry_count") ?? 0, 0, int.MaxValue),
                LastError = Text(row, "last_error"),
            });
        }

        foreach (var chunk in entries.Chunk(500))
        {
            await AddLogsAsync(chunk, table, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddLogsAsync(ConversationLogEntry[] chunk, MigrationTableReport table, CancellationToken cancellationToken)
    {
        try
        {
            await store.Logs.AddAsync(chunk, cancellationToken).ConfigureAwait(false);
            table.Take(chunk.Length);
        }
        catch (ArgumentException) when (chunk.Length > 1)
        {
            foreach (var one in chunk)
            {
                await AddLogsAsync([one], table, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ArgumentException ex)
        {
            table.Skip($"a {chunk[0].Role} line of session '{chunk[0].SessionId}': {ex.Message}");
        }
    }

    private async Task MigrateModelsAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "aimodelconfig", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("aimodelconfig");
        foreach (var row in await ReadAsync(source, "aimodelconfig", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            if (Text(row, "name") is not { Length: > 0 } name || Text(row, "model_id") is not { Length: > 0 } modelId)
            {
                table.Skip($"id {id}: no name or model_id");
                continue;
            }

            if (await store.Models.GetByNameAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                table.Skip($"id {id}: a model card named '{name}' already exists here");
                continue;
            }

            try
            {
                var card = await store.Models.InsertAsync(new ModelConfigRecord
                {
                    Name = name,
                    ModelId = modelId,
                    Provider = Text(row, "provider") is { Length: > 0 } p ? p : "openai",
                    ProviderType = Text(row, "provider_type") is { Length: > 0 } pt ? pt : "global",
                    ApiKey = Text(row, "api_key"),
                    ApiBase = Text(row, "api_base"),
                    Temperature = Double(row, "temperature") ?? 0.7,
                    TopP = Double(row, "top_p"),
                    MaxTokens = Long(row, "max_tokens") is { } m ? (int)Math.Clamp(m, 1, int.MaxValue) : null,
                    Stream = Bool(row, "stream") ?? true,
                    IsMultimodal = Bool(row, "is_multimodal") ?? false,
                    EnableVision = Bool(row, "enable_vision") ?? false,
                    EnableVoice = Bool(row, "enable_voice") ?? false,
                    EnableVideo = Bool(row, "enable_video") ?? false,
                }, cancellationToken).ConfigureAwait(false);
                if (id is { } old)
                {
                    _modelIds[old] = card.Id;
                }

                table.Take();
            }
            catch (Exception ex) when (ex is ArgumentException or StoreConflictException)
            {
                table.Skip($"id {id}: {ex.Message}");
            }
        }
    }

    private async Task MigrateConfigAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "config", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("config");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in await ReadAsync(source, "config", "key", cancellationToken).ConfigureAwait(false))
        {
            var key = row.GetValueOrDefault("key") as string;
            var raw = row.GetValueOrDefault("value");
            if (string.IsNullOrWhiteSpace(key))
            {
                table.Skip("a row without a key");
                continue;
            }

            string value;
            switch (raw)
            {
                case string s:
                    value = s;
                    break;
                case long or double:
                    value = Convert.ToString(raw, CultureInfo.InvariantCulture)!;
                    table.Adjust($"'{key}': the number {value} stored as text");
                    break;
                case null:
                    table.Skip($"'{key}': no value");
                    continue;
                default:
                    table.Skip($"'{key}': the value is not text ({raw.GetType().Name})");
                    continue;
            }

            if (ModelIdKeys.Contains(key, StringComparer.Ordinal) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var oldCard))
            {
                if (_modelIds.TryGetValue(oldCard, out var newCard))
                {
                    value = newCard.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    table.Skip($"'{key}': names model card {oldCard}, which was not migrated");
                    continue;
                }
            }

            values[key] = value;
        }

        await store.Config.SetManyAsync(values, cancellationToken).ConfigureAwait(false);
        table.Take(values.Count);
    }

    private async Task MigratePetStateAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "petstate", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("petstate");
        var rows = await ReadAsync(source, "petstate", "updated_at DESC, id DESC", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (i > 0)
            {
                table.Skip($"id {Long(row, "id")}: an older state (the latest one is kept, as the original's prompt used it)");
                continue;
            }

            try
            {
                await store.PetStates.SaveAsync(new PetStateRecord
                {
                    Mood = Text(row, "mood") is { Length: > 0 } mood ? mood : "开心",
                    Vibe = Text(row, "vibe") is { Length: > 0 } vibe ? vibe : "活泼",
                    Mind = Text(row, "mind") is { Length: > 0 } mind ? mind : "正在想主人...",
                    ClickMessagesJson = JsonOr(Text(row, "click_messages_json"), "{}"),
                    IdleMessagesJson = JsonOr(Text(row, "idle_messages_json"), "[]"),
                    BackMessagesJson = JsonOr(Text(row, "back_messages_json"), "[]"),
                }, cancellationToken).ConfigureAwait(false);
                table.Take();
            }
            catch (ArgumentException ex)
            {
                table.Skip($"id {Long(row, "id")}: {ex.Message}");
            }
        }
    }

    private async Task MigrateTasksAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "scheduledtask", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("scheduledtask");
        foreach (var row in await ReadAsync(source, "scheduledtask", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            var time = LocalTime(row.GetValueOrDefault("time"));
            if (time is null || Text(row, "content") is not { Length: > 0 } content || Text(row, "type") is not { Length: > 0 } type)
            {
                table.Skip($"id {id}: no readable time, content or type");
                continue;
            }

            try
            {
                await store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = type, Time = time.Value, Content = content, IsTriggered = Bool(row, "is_triggered") ?? false },
                    cancellationToken).ConfigureAwait(false);
                table.Take();
            }
            catch (ArgumentException ex)
            {
                table.Skip($"id {id}: {ex.Message}");
            }
        }
    }

    private async Task MigrateVoiceAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "voiceconfig", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("voiceconfig");
        var existing = (await store.Voices.ListAsync(cancellationToken).ConfigureAwait(false)).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var row in await ReadAsync(source, "voiceconfig", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            if (Text(row, "name") is not { Length: > 0 } name || Text(row, "type") is not { Length: > 0 } type || Text(row, "provider") is not { Length: > 0 } provider)
            {
                table.Skip($"id {id}: no name, type or provider");
                continue;
            }

            if (!existing.Add(name))
            {
                table.Skip($"id {id}: a voice configuration named '{name}' already exists here");
                continue;
            }

            try
            {
                await store.Voices.InsertAsync(new VoiceConfigRecord
                {
                    Type = type, Name = name, Provider = provider, ApiKey = Text(row, "api_key"), ApiBase = Text(row, "api_base"), Model = Text(row, "model"),
                    ConfigJson = JsonOr(Text(row, "config_json"), "{}"), IsActive = Bool(row, "is_active") ?? false,
                }, cancellationToken).ConfigureAwait(false);
                table.Take();
            }
            catch (Exception ex) when (ex is ArgumentException or StoreConflictException)
            {
                table.Skip($"id {id}: {ex.Message}");
            }
        }
    }

    private async Task MigrateMcpAsync(SqliteConnection source, MigrationReport report, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(source, "mcpconfig", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var table = report.For("mcpconfig");
        var existing = (await store.McpServers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var row in await ReadAsync(source, "mcpconfig", "id", cancellationToken).ConfigureAwait(false))
        {
            var id = Long(row, "id");
            if (Text(row, "name") is not { Length: > 0 } name)
            {
                table.Skip($"id {id}: no name");
                continue;
            }

            if (!existing.Add(name))
            {
                table.Skip($"id {id}: an MCP server named '{name}' already exists here");
                continue;
            }

            try
            {
                await store.McpServers.InsertAsync(new McpConfigRecord
                {
                    Name = name, Type = Text(row, "type") is { Length: > 0 } t ? t : "stdio", Command = Text(row, "command"),
                    ArgsJson = JsonOr(Text(row, "args"), "[]"), EnvJson = JsonOr(Text(row, "env"), "{}"), Url = Text(row, "url"), Enabled = Bool(row, "enabled") ?? true,
                }, cancellationToken).ConfigureAwait(false);
                table.Take();
            }
            catch (Exception ex) when (ex is ArgumentException or StoreConflictException)
            {
                table.Skip($"id {id}: {ex.Message}");
            }
        }
    }

    private static async Task<bool> HasTableAsync(SqliteConnection c, string name, CancellationToken cancellationToken)
    {
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Every row of a table as column → value (<c>long</c>, <c>double</c>, <c>string</c>, <c>byte[]</c> or null): the original's columns vary by version.</summary>
    private static async Task<List<Dictionary<string, object?>>> ReadAsync(SqliteConnection c, string table, string orderBy, CancellationToken cancellationToken)
    {
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {orderBy}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string? Text(Dictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        string s => s.Contains('\0', StringComparison.Ordinal) ? s.Replace("\0", string.Empty, StringComparison.Ordinal) : s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static long? Long(Dictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        long l => l,
        double d when double.IsFinite(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static double? Double(Dictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        double d => d,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static bool? Bool(Dictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        long l => l != 0,
        double d => d != 0,
        string s when s is "1" or "true" or "True" => true,
        string s when s is "0" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>A memory's time: <c>timestamp</c> (epoch ms), else <c>realTime</c> (naive local), else null.</summary>
    private static DateTimeOffset? MemoryTime(Dictionary<string, object?> row)
    {
        if (Double(row, "timestamp") is { } ms && double.IsFinite(ms) && ms > 0 && ms < 253_402_300_799_000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        }

        return LocalTime(row.GetValueOrDefault("realTime"));
    }

    /// <summary>A naive local date-time as SQLAlchemy and the original wrote it (<c>2026-01-04 12:34:56.123456</c>), or ISO with an offset.</summary>
    private static DateTimeOffset? LocalTime(object? value)
    {
        if (value is not string s || s.Length == 0)
        {
            return null;
        }

        if (!DateTime.TryParse(s.Replace('T', ' '), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeLocal, out var local))
        {
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var withOffset) ? withOffset : null;
        }

        return local.Kind == DateTimeKind.Utc ? new DateTimeOffset(local) : new DateTimeOffset(local.ToLocalTime());
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string JsonOr(string? text, string fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}
