using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeroCore.Agent.Browser;
using PeroCore.Agent.Tools.Browser;
using PeroCore.Agent.Tools.Memory;
using PeroCore.Agent.Tools.Session;
using PeroCore.Agent.Tools.Web;
using PeroCore.Agent.Tools.Workspace;
using PeroCore.Memory;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tools;

/// <summary>Registers the built-in tool groups as <see cref="IToolSource"/>s.</summary>
public static class BuiltInToolsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the memory, workspace, web, browser, work-mode and system tool sources, the <see cref="WorkspacePaths"/>, the
    /// <see cref="WebFetcher"/> and the <see cref="WorkModeSessions"/>. The host registers <see cref="BuiltInToolOptions"/>,
    /// the store and the engine. The browser tools are added only when <paramref name="browser"/> finds a bridge.
    /// </summary>
    public static IServiceCollection AddBuiltInTools(this IServiceCollection services,
        Func<IServiceProvider, IBrowserBridge?>? browser = null,
        Func<IServiceProvider, IReadOnlyDictionary<string, string>>? settingDefaults = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new WorkspacePaths(sp.GetRequiredService<BuiltInToolOptions>().WorkspaceDirectory));
        services.TryAddSingleton(sp => new WebFetcher(sp.GetRequiredService<BuiltInToolOptions>()));
        services.TryAddSingleton<WorkModeSessions>();
        services.AddSingleton<IToolSource>(sp => new MemoryToolSource(sp.GetRequiredService<MemoryEngine>(), sp.GetRequiredService<PeroStore>()));
        services.AddSingleton<IToolSource>(sp => new WorkspaceToolSource(sp.GetRequiredService<WorkspacePaths>(), sp.GetRequiredService<BuiltInToolOptions>()));
        services.AddSingleton<IToolSource>(sp => new WebToolSource(sp.GetRequiredService<WebFetcher>(), sp.GetRequiredService<BuiltInToolOptions>()));
        services.AddSingleton<IToolSource>(sp => browser?.Invoke(sp) is { } bridge
            ? new BrowserToolSource(bridge, sp.GetRequiredService<BuiltInToolOptions>())
            : new EmptyToolSource());
        services.AddSingleton<IToolSource>(sp => new SessionToolSource(sp.GetRequiredService<WorkModeSessions>(), sp.GetRequiredService<MemoryEngine>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IToolSource>(sp => new SystemToolSource(sp.GetRequiredService<PeroStore>(), sp.GetRequiredService<BuiltInToolOptions>(),
            settingDefaults?.Invoke(sp), sp.GetService<TimeProvider>()));
        return services;
    }

    private sealed class EmptyToolSource : IToolSource
    {
        public IEnumerable<PeroCore.Nit.Tools.NitTool> CreateTools() => [];
    }
}
