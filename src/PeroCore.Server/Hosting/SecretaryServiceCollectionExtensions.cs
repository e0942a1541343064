using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Secretary;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>The memory secretary (<c>Secretary:*</c>): maintenance runs, reflection jobs, their triggers and undo.</summary>
internal static class SecretaryServiceCollectionExtensions
{
    /// <summary>Registers the secretary and its worker. Needs <see cref="PeroCoreServiceCollectionExtensions.AddPeroAgent"/>.</summary>
    public static IServiceCollection AddPeroSecretary(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<SecretaryOptions>>().Value
            .ToSecretaryOptions(sp.GetRequiredService<PeroCoreSettings>().PetStateDefaults)));
        services.TryAddSingleton<ISecretaryChanges>(sp => new HistorySecretaryChanges(sp.GetRequiredService<PeroCore.Memory.MemoryEngine>()));
        services.TryAddSingleton<MemorySecretary>();
        services.AddHostedService<SecretaryWorker>();
        return services;
    }
}
