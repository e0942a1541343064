using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// Ends long-running response streams in time at shutdown. When the host starts stopping, <see cref="Token"/> is
/// cancelled shortly before <see cref="ServerOptions.ShutdownTimeout"/> runs out, so a chat stream still running can
/// still send its client an error event and <c>[DONE]</c> before Kestrel resets the connection.
/// </summary>
internal sealed class StreamDrain : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenRegistration _registration;

    /// <summary>Creates the drain and arms it on <see cref="IHostApplicationLifetime.ApplicationStopping"/>.</summary>
    public StreamDrain(IHostApplicationLifetime lifetime, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(options);
        var timeout = options.Value.ShutdownTimeout;
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, timeout.Ticks / 4));
        _registration = lifetime.ApplicationStopping.Register(() => _cts.CancelAfter(timeout - margin));
    }

    /// <summary>Cancelled when running streams must wrap up.</summary>
    public CancellationToken Token => _cts.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        _registration.Dispose();
        _cts.Dispose();
    }
}
