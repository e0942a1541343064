using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Configuration;

/// <summary>
/// Every host setting of one run, bound and validated: a view over the options of each section, for the code that
/// needs several of them (the CLI verbs, the API) and for tests.
/// </summary>
internal sealed class PeroCoreSettings(
    IOptions<ServerOptions> server,
    IOptions<EmbeddingOptions> embedding,
    IOptions<MemoryIndexOptions> memoryIndex,
    IOptions<LlmOptions> llm,
    IOptions<AgentOptions> agent,
    IOptions<PetStateOptions> petState,
    IOptions<UserDefaultsOptions> userDefaults)
{
    /// <summary>The options classes of the sections, in the order their errors are listed.</summary>
    public static IReadOnlyList<Type> Sections { get; } =
    [
        typeof(ServerOptions), typeof(EmbeddingOptions), typeof(MemoryIndexOptions), typeof(AgentOptions), typeof(NitOptions), typeof(LlmOptions), typeof(VoiceOptions),
        typeof(PetStateOptions), typeof(UserDefaultsOptions), typeof(EventsOptions), typeof(BrowserOptions),
        typeof(ToolsOptions),
        typeof(SchedulerOptions),
        typeof(McpOptions), typeof(TerminalOptions),
        typeof(SecretaryOptions),
        typeof(MemoryHistoryOptions),
    ];

    /// <summary>Section <c>Server</c>.</summary>
    public ServerOptions Server { get; } = server.Value;

    /// <summary>Section <c>Embedding</c>.</summary>
    public EmbeddingOptions Embedding { get; } = embedding.Value;

    /// <summary>Section <c>Memory:Index</c>.</summary>
    public MemoryIndexOptions MemoryIndex { get; } = memoryIndex.Value;

    /// <summary>Section <c>Llm</c>.</summary>
    public LlmOptions Llm { get; } = llm.Value;

    /// <summary>Section <c>Agent</c>.</summary>
    public AgentOptions Agent { get; } = agent.Value;

    /// <summary>Section <c>PetState</c>: the state a new companion starts with.</summary>
    public PetStateRecord PetStateDefaults { get; } = petState.Value.ToRecord();

    /// <summary>Section <c>Defaults</c>: default values of user settings (the <c>config</c> table overrides them).</summary>
    public IReadOnlyDictionary<string, string> UserDefaults { get; } = userDefaults.Value;

    /// <summary>
    /// Binds and validates every section of <paramref name="configuration"/> with the registrations the host uses
    /// (<see cref="PeroCoreServiceCollectionExtensions.AddPeroSettings"/>); throws <see cref="SettingsException"/> listing
    /// every bad value by its key.
    /// </summary>
    public static PeroCoreSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Values the binder cannot convert are reported here and left out, so the validators still judge the rest.
        var unconvertible = SettingValueCheck.Find(configuration, Sections);
        var errors = unconvertible.Select(p => p.Message).ToList();
        var bad = unconvertible.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var checkedConfiguration = bad.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(configuration.AsEnumerable().Where(kv => !bad.Contains(kv.Key))).Build();

        using var services = new ServiceCollection()
            .AddSingleton(checkedConfiguration)
            .AddPeroSettings()
            .BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            errors.AddRange(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        return services.GetRequiredService<PeroCoreSettings>();
    }
}
