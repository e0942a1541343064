using System.Globalization;

namespace PeroCore.Nit.Tools;

/// <summary>
/// The built-in test tools behind <c>perocore nit run</c>: <c>echo(**kw)</c> returns its arguments, and
/// <c>sleep(ms=100)</c> waits (honouring cancellation) and reports how long.
/// </summary>
public static class NitTestTools
{
    /// <summary>Plugin name of the test tools.</summary>
    public const string PluginName = "TestTools";

    /// <summary><c>echo(**kw)</c>: returns the arguments as an ordered dictionary.</summary>
    public static NitTool CreateEcho() => NitTool.Create("echo")
        .WithDescription("Returns its arguments unchanged (test tool).")
        .InPlugin(PluginName, "测试工具 (TestTools)", "Built-in tools for trying NIT scripts.")
        .InCategory("test")
        .AcceptAdditionalArguments()
        .Handle(call => new OrderedDictionary<string, object?>(call.Arguments, StringComparer.Ordinal))
        .Build();

    /// <summary><c>sleep(ms=100)</c>: waits the given milliseconds (at most 10 minutes) and returns <c>slept N ms</c>.</summary>
    public static NitTool CreateSleep() => NitTool.Create("sleep")
        .WithDescription("Waits, then returns how long it slept (test tool).")
        .InPlugin(PluginName, "测试工具 (TestTools)", "Built-in tools for trying NIT scripts.")
        .InCategory("test")
        .WithOptionalParameter("ms", NitParameterType.Integer, 100L, "Milliseconds to wait (0 to 600000).")
        .WithTimeout(Timeout.InfiniteTimeSpan)
        .Handle(async (call, ct) =>
        {
            long ms = Math.Clamp(call.GetInt64("ms") ?? 100, 0, 600_000);
            await Task.Delay(TimeSpan.FromMilliseconds(ms), ct).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"slept {ms} ms");
        })
        .Build();

    /// <summary>Registers <c>echo</c> and <c>sleep</c>.</summary>
    public static NitToolRegistry AddTo(NitToolRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(CreateEcho());
        registry.Add(CreateSleep());
        return registry;
    }
}
