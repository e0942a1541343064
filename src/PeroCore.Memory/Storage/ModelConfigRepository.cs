using System.Data;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>model_config</c> table (model cards).</summary>
public sealed class ModelConfigRepository : CrudRepository<ModelConfigRecord>
{
    /// <summary>Creates the repository over a database.</summary>
    public ModelConfigRepository(PeroDatabase database)
        : base(database, "model_config", "model card",
            ["name", "model_id", "provider", "provider_type", "api_key", "api_base", "temperature", "top_p", "max_tokens", "stream",
             "is_multimodal", "enable_vision", "enable_voice", "enable_video", "created_at", "updated_at"])
    {
    }

    /// <summary>Finds a card by its unique name.</summary>
    public Task<ModelConfigRecord?> GetByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT id, {string.Join(", ", Columns)} FROM model_config WHERE name = $n",
            Map, ct, ("$n", name)), cancellationToken);

    /// <inheritdoc />
    protected override object?[] Values(ModelConfigRecord m, long nowMs, bool isInsert) =>
        [m.Name.Trim(), m.ModelId.Trim(), m.Provider, m.ProviderType, m.ApiKey, m.ApiBase, m.Temperature, m.TopP, m.MaxTokens, m.Stream,
         m.IsMultimodal, m.EnableVision, m.EnableVoice, m.EnableVideo,
         isInsert || m.CreatedAt == default ? nowMs : m.CreatedAt.ToUnixTimeMilliseconds(), nowMs];

    /// <inheritdoc />
    protected override ModelConfigRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Name = r.GetString("name"),
        ModelId = r.GetString("model_id"),
        Provider = r.GetString("provider"),
        ProviderType = r.GetString("provider_type"),
        ApiKey = r.GetNullableString("api_key"),
        ApiBase = r.GetNullableString("api_base"),
        Temperature = r.GetDouble("temperature"),
        TopP = r.GetNullableDouble("top_p"),
        MaxTokens = r.IsDBNull("max_tokens") ? null : r.GetInt32("max_tokens"),
        Stream = r.GetInt64("stream") != 0,
        IsMultimodal = r.GetInt64("is_multimodal") != 0,
        EnableVision = r.GetInt64("enable_vision") != 0,
        EnableVoice = r.GetInt64("enable_voice") != 0,
        EnableVideo = r.GetInt64("enable_video") != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64("updated_at")),
    };

    /// <inheritdoc />
    protected override string? UniqueName(ModelConfigRecord row) => row.Name;

    /// <inheritdoc />
    protected override void Validate(ModelConfigRecord m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (string.IsNullOrWhiteSpace(m.Name))
        {
            throw new ArgumentException("name must not be empty.", nameof(m));
        }

        if (string.IsNullOrWhiteSpace(m.ModelId))
        {
            throw new ArgumentException("model_id must not be empty.", nameof(m));
        }

        if (m.ProviderType is not ("global" or "custom"))
        {
            throw new ArgumentException($"provider_type must be 'global' or 'custom', not '{m.ProviderType}'.", nameof(m));
        }

        if (!double.IsFinite(m.Temperature) || m.Temperature < 0 || m.Temperature > 2)
        {
            throw new ArgumentException($"temperature must be between 0 and 2, not {m.Temperature}.", nameof(m));
        }

        if (m.TopP is { } p && (!double.IsFinite(p) || p <= 0 || p > 1))
        {
            throw new ArgumentException($"top_p must be in (0, 1], not {p}.", nameof(m));
        }

        if (m.MaxTokens is <= 0)
        {
            throw new ArgumentException($"max_tokens must be positive, not {m.MaxTokens}.", nameof(m));
        }

        if (m.ApiBase is { Length: > 0 } b && !Uri.TryCreate(b, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"api_base must be an absolute URL, not '{b}'.", nameof(m));
        }
    }
}
