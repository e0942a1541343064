using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>Registers the settings of a PeroCore host.</summary>
internal static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Every section of the configuration table, bound from <see cref="IConfiguration"/> and validated at start
    /// (source-generated validators for the ranges, <see cref="IValidateOptions{TOptions}"/> rules across settings),
    /// and <see cref="PeroCoreSettings"/> over them. Called by the other registrations; registers once.
    /// </summary>
    public static IServiceCollection AddPeroSettings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(PeroCoreSettings)))
        {
            return services;
        }

        services.AddSettings<ServerOptions, ServerOptionsValidator>().AddSettingsRule<ServerOptions, ServerOptionsRules>();
        services.AddSettings<EmbeddingOptions, EmbeddingOptionsValidator>().AddSettingsRule<EmbeddingOptions, EmbeddingOptionsRules>();
        services.AddSettings<MemoryIndexOptions, MemoryIndexOptionsValidator>();
        services.AddSettings<AgentOptions, AgentOptionsValidator>();
        services.AddSettings<NitOptions, NitOptionsValidator>();
        services.AddSettings<LlmOptions, LlmOptionsValidator>();
        services.AddSettings<EventsOptions, EventsOptionsValidator>();
        services.AddSettings<BrowserOptions, BrowserOptionsValidator>();
        services.AddSettings<VoiceOptions, VoiceOptionsValidator>();
        services.AddSettings<ToolsOptions, ToolsOptionsValidator>().AddSettingsRule<ToolsOptions, ToolsOptionsRules>();
        services.AddSettings<SchedulerOptions, SchedulerOptionsValidator>();
        services.AddSettings<McpOptions, McpOptionsValidator>();
        services.AddSettings<TerminalOptions, TerminalOptionsValidator>();
        services.AddSettings<SecretaryOptions, SecretaryOptionsValidator>();
        services.AddSettings<MemoryHistoryOptions, MemoryHistoryOptionsValidator>();
        services.AddOptions<PetStateOptions>().BindConfiguration(SettingsSectionAttribute.Of(typeof(PetStateOptions)));
        services.AddOptions<UserDefaultsOptions>().BindConfiguration(SettingsSectionAttribute.Of(typeof(UserDefaultsOptions)));
        services.AddSingleton<PeroCoreSettings>();
        return services;
    }

    private static IServiceCollection AddSettings<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(SettingsSectionAttribute.Of(typeof(TOptions))).ValidateOnStart();
        return services.AddSettingsRule<TOptions, TValidator>();
    }

    private static IServiceCollection AddSettingsRule<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }
}
