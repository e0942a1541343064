using System.Collections.Concurrent;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests.Support;

/// <summary>
/// A registry of mock tools (spec §7.2 convention): each returns <c>"ok:&lt;tool&gt;"</c> unless configured, accepts any
/// arguments, and records <c>(tool, args)</c> in call order.
/// </summary>
internal sealed class RecordingTools
{
    private readonly ConcurrentQueue<(string Tool, IReadOnlyDictionary<string, object?> Args)> calls = new();

    public RecordingTools(params string[] names)
    {
        this.Registry = new NitToolRegistry(NitPlatforms.Linux);
        foreach (string name in names)
        {
            this.AddTool(name, _ => "ok:" + name);
        }
    }

    public NitToolRegistry Registry { get; }

    public IReadOnlyList<(string Tool, IReadOnlyDictionary<string, object?> Args)> Calls => this.calls.ToArray();

    public IEnumerable<string> CalledTools => this.calls.Select(c => c.Tool);

    public RecordingTools AddTool(string name, Func<NitToolCall, object?> result)
    {
        this.Registry.Add(NitTool.Create(name)
            .AcceptAdditionalArguments()
            .Handle(call =>
            {
                this.calls.Enqueue((name, call.Arguments));
                return result(call);
            })
            .Build());
        return this;
    }

    public RecordingTools AddAsyncTool(string name, Func<NitToolCall, CancellationToken, Task<object?>> result, TimeSpan? timeout = null)
    {
        this.Registry.Add(NitTool.Create(name)
            .AcceptAdditionalArguments()
            .WithTimeout(timeout)
            .Handle(async (call, ct) =>
            {
                this.calls.Enqueue((name, call.Arguments));
                return await result(call, ct);
            })
            .Build());
        return this;
    }
}
