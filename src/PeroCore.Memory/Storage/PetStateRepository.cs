using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>pet_state</c> table: the current state is the most recently updated row.</summary>
public sealed class PetStateRepository
{
    private const string Columns = "id, mood, vibe, mind, click_messages_json, idle_messages_json, back_messages_json, updated_at";
    private const string SelectCurrent = $"SELECT {Columns} FROM pet_state ORDER BY updated_at DESC, id DESC LIMIT 1";
    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public PetStateRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>The current state, or null if none was ever saved.</summary>
    public Task<PetStateRecord?> GetCurrentAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, SelectCurrent, Map, ct), cancellationToken);

    /// <summary>The current state, creating it from <paramref name="defaults"/> in the same write if missing.</summary>
    public Task<PetStateRecord> GetOrCreateAsync(PetStateRecord defaults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var current = await tx.Connection!.QuerySingleAsync(tx, SelectCurrent, Map, ct).ConfigureAwait(false);
            return current ?? await InsertAsync(tx, defaults, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Saves a state: updates the current row (or inserts the first one) and returns it.</summary>
    public Task<PetStateRecord> SaveAsync(PetStateRecord state, CancellationToken cancellationToken = default)
    {
        Validate(state);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var currentId = await tx.Connection!.ScalarAsync<long?>(tx, "SELECT id FROM pet_state ORDER BY updated_at DESC, id DESC LIMIT 1", ct).ConfigureAwait(false);
            return currentId is null ? await InsertAsync(tx, state, ct).ConfigureAwait(false) : await UpdateAsync(tx, currentId.Value, state, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Puts <paramref name="lines"/> into the current state if its lines are still exactly <paramref name="expected"/>,
    /// in one write (the mood and the rest stay as they are); returns whether it did. Undoing the run that wrote
    /// <paramref name="expected"/> this way never overwrites lines changed since.
    /// </summary>
    public Task<bool> ReplaceLinesIfAsync(PetLines expected, PetLines lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(lines);
        ValidateLines(lines);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var current = await tx.Connection!.QuerySingleAsync(tx, SelectCurrent, Map, ct).ConfigureAwait(false);
            if (current is null || PetLines.Of(current) != expected)
            {
                return false;
            }

            await UpdateAsync(tx, current.Id, current with { ClickMessagesJson = lines.Click, IdleMessagesJson = lines.Idle, BackMessagesJson = lines.Back }, ct)
                .ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Removes every saved state.</summary>
    public Task<int> ClearAsync(CancellationToken cancellationToken = default) =>
        _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "DELETE FROM pet_state", ct), cancellationToken);

    private async Task<PetStateRecord> UpdateAsync(SqliteTransaction tx, long id, PetStateRecord state, CancellationToken ct) =>
        (await tx.Connection!.QuerySingleAsync(tx, $"""
            UPDATE pet_state SET mood = $mood, vibe = $vibe, mind = $mind, click_messages_json = $click,
                idle_messages_json = $idle, back_messages_json = $back, updated_at = max($now, updated_at + 1)
            WHERE id = $id RETURNING {Columns}
            """, Map, ct, ("$id", id), ("$mood", state.Mood), ("$vibe", state.Vibe), ("$mind", state.Mind),
            ("$click", state.ClickMessagesJson), ("$idle", state.IdleMessagesJson), ("$back", state.BackMessagesJson), ("$now", _db.NowMs)).ConfigureAwait(false))!;

    private async Task<PetStateRecord> InsertAsync(SqliteTransaction tx, PetStateRecord state, CancellationToken ct)
    {
        Validate(state);
        return (await tx.Connection!.QuerySingleAsync(tx, $"""
            INSERT INTO pet_state (mood, vibe, mind, click_messages_json, idle_messages_json, back_messages_json, updated_at)
            VALUES ($mood, $vibe, $mind, $click, $idle, $back, $now) RETURNING {Columns}
            """, Map, ct, ("$mood", state.Mood), ("$vibe", state.Vibe), ("$mind", state.Mind), ("$click", state.ClickMessagesJson),
            ("$idle", state.IdleMessagesJson), ("$back", state.BackMessagesJson), ("$now", _db.NowMs)).ConfigureAwait(false))!;
    }

    private static PetStateRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Mood = r.GetString("mood"),
        Vibe = r.GetString("vibe"),
        Mind = r.GetString("mind"),
        ClickMessagesJson = r.GetString("click_messages_json"),
        IdleMessagesJson = r.GetString("idle_messages_json"),
        BackMessagesJson = r.GetString("back_messages_json"),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64("updated_at")),
    };

    private static void Validate(PetStateRecord state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(state.Mood, "mood");
        ArgumentNullException.ThrowIfNull(state.Vibe, "vibe");
        ArgumentNullException.ThrowIfNull(state.Mind, "mind");
        ValidateLines(PetLines.Of(state));
    }

    private static void ValidateLines(PetLines lines)
    {
        JsonText.EnsureValid(lines.Click, "click_messages_json", JsonValueKind.Object);
        JsonText.EnsureValid(lines.Idle, "idle_messages_json", JsonValueKind.Array);
        JsonText.EnsureValid(lines.Back, "back_messages_json", JsonValueKind.Array);
    }
}
