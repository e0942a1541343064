using System.Text;
using PeroCore.Memory.Graph;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Streaming;
using PeroCore.Nit.Tools;

namespace PeroCore.Evaluation.Bench;

/// <summary>Spreading activation (20 seeds, 3 steps) over the fixed benchmark graph of <c>n</c> nodes.</summary>
public sealed class SpreadWorkload
{
    private readonly SpreadingActivationEngine _engine = new();
    private readonly (long Id, float Energy)[][] _seedSets;

    /// <summary>Builds the graph (ids 1..n, time chain 0.2, 4·n relations weighted 0.5·U(0.1, 1)) and 64 seed sets.</summary>
    public SpreadWorkload(int nodes, int seedCount = 20)
    {
        var (ids, links, relations) = BenchData.Graph(nodes, 13);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Graph = MemoryGraph.Build(ids, links, relations, MemoryGraphOptions.Default);
        BuildTime = watch.Elapsed;
        Nodes = nodes;
        _seedSets = [.. Enumerable.Range(0, 64).Select(s => BenchData.Seeds(nodes, seedCount, 100 + s))];
    }

    /// <summary>Node count.</summary>
    public int Nodes { get; }

    /// <summary>The graph.</summary>
    public MemoryGraph Graph { get; }

    /// <summary>Time to build the graph.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>The options measured: the default preset with three steps.</summary>
    public static SpreadOptions Options { get; } = SpreadOptions.Default with { Steps = 3 };

    /// <summary>One spread with seed set <paramref name="i"/>; returns the activated node count.</summary>
    public int Spread(int i) => _engine.Spread(Graph.Current, _seedSets[i % _seedSets.Length], Options).ActivatedCount;
}

/// <summary>NIT: parse and run a 10-statement script against instant tools.</summary>
public sealed class NitWorkload : IAsyncDisposable
{
    private readonly NitRuntime _runtime;

    /// <summary>Registers <c>echo</c>, <c>add</c> and <c>note</c> (all synchronous, no I/O).</summary>
    public NitWorkload()
    {
        var tools = new NitToolRegistry();
        tools.Add(NitTestTools.CreateEcho());
        tools.Add(NitTool.Create("add").WithDescription("Adds two integers.")
            .WithParameter("x", NitParameterType.Integer, required: true)
            .WithParameter("y", NitParameterType.Integer, required: true)
            .Handle(call => (call.GetInt64("x") ?? 0) + (call.GetInt64("y") ?? 0)).Build());
        tools.Add(NitTool.Create("note").WithDescription("Accepts a note.")
            .WithParameter("text", NitParameterType.String, required: true)
            .WithOptionalParameter("importance", NitParameterType.Integer, 1L)
            .Handle(call => "ok").Build());
        _runtime = new NitRuntime(tools);
    }

    /// <summary>Parses and runs <see cref="BenchData.NitScript"/>; returns the number of statements.</summary>
    public async ValueTask<int> ParseAndRunAsync()
    {
        var script = NitParser.Parse(BenchData.NitScript);
        var result = await _runtime.ExecuteAsync(script).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException("The benchmark NIT script failed: " + result.FirstError);
        }

        return result.Statements.Count;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _runtime.DisposeAsync();
}

/// <summary>The NIT stream filter over markup-dense text in 16-character deltas.</summary>
public sealed class StreamWorkload
{
    private readonly string[] _deltas;
    private readonly NitStreamFilter _filter = new();
    private readonly StringBuilder _visible;

    /// <summary>Prepares about <paramref name="chars"/> characters of text.</summary>
    public StreamWorkload(int chars = 64 * 1024, int deltaSize = 16)
    {
        var text = BenchData.MarkupText(chars, 17);
        Bytes = Encoding.UTF8.GetByteCount(text);
        _deltas = BenchData.Deltas(text, deltaSize);
        _visible = new StringBuilder(text.Length);
    }

    /// <summary>UTF-8 size of the whole text.</summary>
    public int Bytes { get; }

    /// <summary>Pushes the whole text through the filter; returns the visible length.</summary>
    public int Run()
    {
        _visible.Clear();
        foreach (var delta in _deltas)
        {
            _filter.Push(delta.AsSpan(), _visible);
        }

        _filter.Flush(_visible);
        return _visible.Length;
    }
}
