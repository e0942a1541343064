using PeroCore.Memory.Storage;

namespace PeroCore.Server.Configuration;

/// <summary>Every host setting, read and validated once at start.</summary>
public sealed record PeroCoreSettings
{
    /// <summary>Section <c>Server</c>.</summary>
    public required ServerSettings Server { get; init; }

    /// <summary>Section <c>Embedding</c>.</summary>
    public required EmbeddingSettings Embedding { get; init; }

    /// <summary>Section <c>Memory</c>.</summary>
    public required MemorySettings Memory { get; init; }

    /// <summary>Section <c>Defaults</c>: default values of user settings (the <c>config</c> table overrides them).</summary>
    public IReadOnlyDictionary<string, string> UserDefaults { get; init; } = new Dictionary<string, string>();

    /// <summary>Sections <c>Agent</c> and <c>Llm</c>.</summary>
    public AgentSettings Agent { get; init; } = new();

    /// <summary>Section <c>PetState</c>: the state a new companion starts with.</summary>
    public required PetStateRecord PetStateDefaults { get; init; }

    /// <summary>Reads every section; throws <see cref="SettingsException"/> listing every bad value.</summary>
    public static PeroCoreSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new SettingsReader(configuration);
        var settings = new PeroCoreSettings
        {
            Server = ServerSettings.Read(reader),
            Embedding = EmbeddingSettings.Read(reader),
            Memory = MemorySettings.Read(reader),
            Agent = AgentSettings.Read(reader),
            PetStateDefaults = new PetStateRecord
            {
                Mood = reader.String("PetState:Mood", "开心"),
                Vibe = reader.String("PetState:Vibe", "活泼"),
                Mind = reader.String("PetState:Mind", "正在想主人..."),
            },
            UserDefaults = configuration.GetSection("Defaults").GetChildren()
                .Where(c => c.Value is not null)
                .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal),
        };

        if (reader.Errors.Count > 0)
        {
            throw new SettingsException(reader.Errors);
        }

        return settings;
    }
}
