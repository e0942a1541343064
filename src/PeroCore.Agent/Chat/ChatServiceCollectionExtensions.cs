using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Chat;

/// <summary>Registers the chat agent and its parts.</summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ChatAgent"/>, <see cref="ChatPromptBuilder"/>, <see cref="ChatTurnLoop"/>, <see cref="ChatToolInvoker"/>,
    /// <see cref="ChatExchangeLog"/>, <see cref="ChatTaskRegistry"/>, <see cref="ChatShutdownSignal"/> and the NIT runtime
    /// and dispatcher over the registered <see cref="NitToolRegistry"/> (with the registered <see cref="NitRuntimeOptions"/>,
    /// or the defaults), all singletons. The host registers the store, the
    /// memory engine, the embedding generator, the LLM plumbing (<c>LlmClientFactory</c>, <c>LlmSettingsResolver</c>,
    /// <c>PromptLibraryProvider</c>), the tool registry and, optionally, the scorer; <see cref="ChatAgentOptions"/> come from
    /// <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPeroChat(this IServiceCollection services, Action<ChatAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ChatAgentOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(sp => new NitRuntime(sp.GetRequiredService<NitToolRegistry>(), sp.GetService<NitRuntimeOptions>(), sp.GetService<ILogger<NitRuntime>>()));
        services.TryAddSingleton(sp => new NitDispatcher(sp.GetRequiredService<NitRuntime>(), NitBlockExtractor.Default, sp.GetService<ILogger<NitDispatcher>>()));
        services.TryAddSingleton<ChatTaskRegistry>();
        services.TryAddSingleton<ChatShutdownSignal>();
        services.TryAddSingleton<ChatToolInvoker>();
        services.TryAddSingleton<ChatPromptBuilder>();
        services.TryAddSingleton<ChatTurnLoop>();
        services.TryAddSingleton<ChatExchangeLog>();
        services.TryAddSingleton<ChatAgent>();
        return services;
    }
}
