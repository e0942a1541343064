using System.Collections.Concurrent;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests.Support;

/// <summary>
/// A registry of mock tools (spec §7.2 convention): each returns <c>"ok:&lt;tool&gt;"</c> unless configured, accepts any
/// arguments, and records <c>(tool, args)</c> in call order.
/// </summary>
internal sealed class RecordingTools
{
    private readonly ConcurrentQueue<(string Tool, IReadOnlyDictionary<string, object?> Args)> _calls = new();

    public RecordingTools(params string[] names)
    {
        Registry = new NitToolRegistry(NitPlatforms.Linux);
        foreach (string name in names)
        {
            AddTool(name, _ => "ok:" + name);
        }
    }

    public NitToolRegistry Registry { get; }

    public IReadOnlyList<(string Tool, IReadOnlyDictionary<string, object?> Args)> Calls => _calls.ToArray();

    public IEnumerable<string> CalledTools => _calls.Select(c => c.Tool);

    public RecordingTools AddTool(string name, Func<NitToolCall, object?> result)
    {
        Registry.Add(NitTool.Create(name)
            .AcceptAdditionalArguments()
            .Handle(call =>
            {
                _calls.Enqueue((name, call.Arguments));
                return result(call);
            })
            .Build());
        return this;
    }

    public RecordingTools AddAsyncTool(string name, Func<NitToolCall, CancellationToken, Task<object?>> result, TimeSpan? timeout = null)
    {
        Registry.Add(NitTool.Create(name)
            .AcceptAdditionalArguments()
            .WithTimeout(timeout)
            .Handle(async (call, ct) =>
            {
                _calls.Enqueue((name, call.Arguments));
                return await result(call, ct);
            })
            .Build());
        return this;
    }
}
