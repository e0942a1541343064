using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tools;

/// <summary>
/// The tools NIT scripts, legacy blocks and native function calls may run (the sandbox whitelist). Names match
/// case- and underscore-insensitively (<c>Read_File_Content</c> finds <c>read_file_content</c>), <c>Plugin.tool</c>
/// works, unknown names get "did you mean" suggestions, and arguments are checked against the declared schema
/// before the handler runs. Thread-safe: registration swaps an immutable snapshot, lookups never lock.
/// </summary>
public sealed class NitToolRegistry
{
    private static readonly string[] RouteKeys = ["command", "commandidentifier", "action", "tool"];

    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="currentPlatform">The platform tools must support to run; detected when null.</param>
    /// <param name="logger">Receives tool failures and timeouts.</param>
    public NitToolRegistry(NitPlatforms? currentPlatform = null, ILogger? logger = null)
    {
        CurrentPlatform = currentPlatform ?? DetectPlatform();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The platform this process runs on (tools for other platforms are neither shown nor run).</summary>
    public NitPlatforms CurrentPlatform { get; }

    /// <summary>Timeout for tools that declare none (default 60 s; null or infinite for none).</summary>
    public TimeSpan? DefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Seed auto-routing (spec §1.6 item 4): an unknown name with a <c>command</c>/<c>action</c>/<c>tool</c>
    /// argument naming a tool calls that tool. On by default; the routed name is reported in the outcome warning.
    /// </summary>
    public bool AutoRouting { get; init; } = true;

    /// <summary>
    /// The configuration switch: returns why a tool is switched off (e.g. its group is disabled in config), or null when
    /// it is on. A switched-off tool is left out of <see cref="RenderDocumentation"/>, <see cref="GetFunctionDefinitions"/>
    /// and <see cref="EnabledTools"/>, and a call to it fails with that reason. Null: every tool is on.
    /// </summary>
    public Func<NitTool, string?>? Switch { get; set; }

    /// <summary>True when the tool runs on this platform and <see cref="Switch"/> does not turn it off.</summary>
    public bool IsEnabled(NitTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return (tool.Platforms & CurrentPlatform) != 0 && Switch?.Invoke(tool) is null;
    }

    /// <summary>The registered tools that are enabled (<see cref="IsEnabled"/>), in registration order.</summary>
    public IReadOnlyList<NitTool> EnabledTools => Array.FindAll(_snapshot.Tools, IsEnabled);

    /// <summary>Every registered tool in registration order.</summary>
    public IReadOnlyList<NitTool> Tools => _snapshot.Tools;

    /// <summary>Number of registered tools.</summary>
    public int Count => _snapshot.Tools.Length;

    /// <summary>Registers a tool.</summary>
    /// <exception cref="InvalidOperationException">A tool with the same (normalised) qualified name exists.</exception>
    public void Add(NitTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        lock (_gate)
        {
            string key = NitNames.Normalize(tool.QualifiedName);
            foreach (NitTool existing in _snapshot.Tools)
            {
                if (NitNames.Normalize(existing.QualifiedName) == key)
                {
                    throw new InvalidOperationException($"A tool named '{existing.QualifiedName}' is already registered.");
                }
            }

            _snapshot = Snapshot.Build([.. _snapshot.Tools, tool]);
        }
    }

    /// <summary>Registers several tools.</summary>
    public void AddRange(IEnumerable<NitTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (NitTool tool in tools)
        {
            Add(tool);
        }
    }

    /// <summary>Removes the tool with this qualified name (normalised comparison).</summary>
    public bool Remove(string qualifiedName)
    {
        ArgumentNullException.ThrowIfNull(qualifiedName);
        string key = NitNames.Normalize(qualifiedName);
        lock (_gate)
        {
            NitTool[] tools = _snapshot.Tools;
            NitTool[] kept = Array.FindAll(tools, t => NitNames.Normalize(t.QualifiedName) != key);
            if (kept.Length == tools.Length)
            {
                return false;
            }

            _snapshot = Snapshot.Build(kept);
            return true;
        }
    }

    /// <summary>Finds a tool by name, alias or <c>Plugin.tool</c>; null when unknown or ambiguous.</summary>
    public NitTool? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        NitTool[]? found = _snapshot.Lookup(NitNames.Normalize(NitNames.StripPath(name)));
        return found is { Length: 1 } ? found[0] : null;
    }

    /// <summary>Registered names closest to <paramref name="name"/>, best first.</summary>
    public IReadOnlyList<string> Suggest(string name, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Suggest(NitNames.Normalize(name), max, _snapshot, null);
    }

    /// <summary>
    /// Resolves, checks and runs a tool. Never throws for tool problems (they become a failed outcome); throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public ValueTask<NitToolOutcome> InvokeAsync(
        string name,
        IReadOnlyDictionary<string, object?>? arguments,
        NitExecutionContext? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        context ??= NitExecutionContext.Empty;
        arguments ??= EmptyArguments.Instance;
        NitToolOutcome? failure = Prepare(name, arguments, context, out NitToolCall? call, out string? warning);
        if (failure is not null)
        {
            return ValueTask.FromResult(failure);
        }

        return InvokePreparedAsync(call!, warning, cancellationToken);
    }

    /// <summary>
    /// Runs a native (OpenAI-style) function call: <paramref name="argumentsJson"/> is the JSON arguments object,
    /// checked by the same rules as NIT arguments.
    /// </summary>
    public ValueTask<NitToolOutcome> InvokeJsonAsync(
        string name,
        string? argumentsJson,
        NitExecutionContext? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        IReadOnlyDictionary<string, object?> arguments = EmptyArguments.Instance;
        if (!string.IsNullOrWhiteSpace(argumentsJson))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(argumentsJson);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return ValueTask.FromResult(NitToolOutcome.Failure(NitToolOutcomeKind.InvalidArguments, $"Arguments for tool '{name}' must be a JSON object."));
                }

                arguments = (IReadOnlyDictionary<string, object?>)NitValueConversion.FromJson(document.RootElement)!;
            }
            catch (JsonException ex)
            {
                return ValueTask.FromResult(NitToolOutcome.Failure(NitToolOutcomeKind.InvalidArguments, $"Invalid JSON arguments for tool '{name}': {ex.Message}"));
            }
        }

        return InvokeAsync(name, arguments, context, cancellationToken);
    }

    /// <summary>
    /// Renders the tool documentation for the system prompt (spec §5.3), grouped by plugin and sorted by plugin name:
    /// <c>### Plugin</c>, <c>- **简介**: …</c>, <c>- **能力列表**:</c>, then one line per tool with its arguments.
    /// Tools for other platforms are left out.
    /// </summary>
    /// <param name="categories">Only these categories (all when null).</param>
    /// <param name="filter">Only tools for which this returns true (e.g. enabled plugins).</param>
    /// <param name="texts">The language of the labels (the seed's Chinese by default).</param>
    public string RenderDocumentation(IEnumerable<string>? categories = null, Func<NitTool, bool>? filter = null, NitFeedbackTexts? texts = null)
    {
        NitFeedbackTexts labels = texts ?? NitFeedbackTexts.Seed;
        HashSet<string>? wanted = categories is null ? null : new HashSet<string>(categories, StringComparer.OrdinalIgnoreCase);
        var groups = new SortedDictionary<string, List<NitTool>>(StringComparer.OrdinalIgnoreCase);
        foreach (NitTool tool in _snapshot.Tools)
        {
            if (!IsEnabled(tool) || (wanted is not null && !wanted.Contains(tool.Category)) || (filter is not null && !filter(tool)))
            {
                continue;
            }

            string key = tool.Plugin ?? string.Empty;
            if (!groups.TryGetValue(key, out List<NitTool>? list))
            {
                groups[key] = list = [];
            }

            list.Add(tool);
        }

        var sb = new StringBuilder();
        foreach ((string plugin, List<NitTool> tools) in groups)
        {
            NitTool first = tools[0];
            string heading = first.PluginDisplayName ?? (plugin.Length == 0 ? "Tools" : plugin);
            sb.Append("### ").Append(labels.Translate(heading)).Append('\n');
            if (!string.IsNullOrWhiteSpace(first.PluginDescription))
            {
                sb.Append("- **").Append(labels.DescriptionLabel).Append("**: ").Append(labels.Translate(first.PluginDescription)).Append('\n');
            }

            sb.Append("- **").Append(labels.AbilitiesLabel).Append("**:\n");
            foreach (NitTool tool in tools)
            {
                AppendToolLine(sb, tool, labels);
            }

            sb.Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>OpenAI-style function definitions (a JSON array) of the tools available on this platform.</summary>
    public JsonElement GetFunctionDefinitions(Func<NitTool, bool>? filter = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (NitTool tool in _snapshot.Tools)
            {
                if (IsEnabled(tool) && (filter is null || filter(tool)))
                {
                    tool.FunctionDefinition.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Resolves the name and binds the arguments. Returns null and the call on success, else a failed outcome.
    /// </summary>
    internal NitToolOutcome? Prepare(string requestedName, IReadOnlyDictionary<string, object?> arguments, NitExecutionContext context, out NitToolCall? call, out string? warning)
    {
        call = null;
        warning = null;
        NitToolRegistry? extra = ReferenceEquals(context.AdditionalTools, this) ? null : context.AdditionalTools;
        string name = NitNames.StripPath(requestedName);
        string normalized = NitNames.Normalize(name);

        NitTool[]? found = extra?._snapshot.Lookup(normalized) ?? _snapshot.Lookup(normalized);
        string? routedKey = null;
        if (found is null && AutoRouting)
        {
            found = Route(name, arguments, extra, out routedKey);
        }

        if (found is null)
        {
            return NitToolOutcome.Failure(NitToolOutcomeKind.NotFound, NotFoundMessage(name, normalized, extra));
        }

        if (found.Length > 1)
        {
            return NitToolOutcome.Failure(
                NitToolOutcomeKind.NotFound,
                $"Tool '{name}' is ambiguous; use one of: {string.Join(", ", found.Select(t => t.QualifiedName))}.");
        }

        NitTool tool = found[0];
        if ((tool.Platforms & CurrentPlatform) == 0)
        {
            return NitToolOutcome.Failure(NitToolOutcomeKind.Unavailable, $"Tool '{tool.Name}' is not available on this platform ({CurrentPlatform.ToString().ToLowerInvariant()}).", tool);
        }

        if (Switch?.Invoke(tool) is { } switchedOff)
        {
            return NitToolOutcome.Failure(NitToolOutcomeKind.Unavailable, $"Tool '{tool.Name}' is disabled: {switchedOff}", tool);
        }

        if (context.ToolFilter is { } gate && !gate(tool))
        {
            return NitToolOutcome.Failure(NitToolOutcomeKind.Unavailable, $"Tool '{tool.Name}' is disabled.", tool);
        }

        string? error = NitArgumentBinder.Bind(tool, arguments, routedKey, out OrderedDictionary<string, object?> bound, out string? bindWarning);
        if (error is not null)
        {
            return NitToolOutcome.Failure(NitToolOutcomeKind.InvalidArguments, error, tool, bound);
        }

        warning = routedKey is null ? bindWarning : $"'{name}' was routed to '{tool.Name}' by its '{routedKey}' argument" + (bindWarning is null ? string.Empty : "; " + bindWarning);
        call = new NitToolCall(tool, bound, context);
        return null;
    }

    /// <summary>
    /// Runs a prepared call; tool exceptions become failed outcomes. The timeout only costs a timer when the handler
    /// does not complete synchronously; the token the handler sees is cancelled on timeout and on caller cancellation.
    /// </summary>
    internal ValueTask<NitToolOutcome> InvokePreparedAsync(NitToolCall call, string? warning, CancellationToken cancellationToken)
    {
        NitTool tool = call.Tool;
        if (warning is not null)
        {
            NitLog.ToolWarning(_logger, tool.Name, warning);
        }

        TimeSpan? timeout = tool.Timeout ?? DefaultTimeout;
        bool hasTimeout = !tool.IsInline && timeout is { } t && t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan;
        CancellationTokenSource? callSource = null;
        CancellationTokenRegistration link = default;
        CancellationToken token = cancellationToken;
        if (hasTimeout)
        {
            callSource = new CancellationTokenSource();
            if (cancellationToken.CanBeCanceled)
            {
                link = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), callSource);
            }

            token = callSource.Token;
        }

        ValueTask<object?> pending;
        try
        {
            pending = tool.Handler(call, token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Release(link, callSource);
            throw;
        }
#pragma warning disable CA1031 // A tool's exception is the tool's failure, reported to the LLM.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Release(link, callSource);
            return ValueTask.FromResult(Failed(call, ex, warning));
        }

        if (pending.IsCompletedSuccessfully)
        {
            Release(link, callSource);
            return ValueTask.FromResult(NitToolOutcome.Success(tool, call.Arguments, pending.Result, warning));
        }

        return AwaitToolAsync(call, pending.AsTask(), warning, hasTimeout ? timeout!.Value : null, callSource, link, cancellationToken);
    }

    private async ValueTask<NitToolOutcome> AwaitToolAsync(
        NitToolCall call,
        Task<object?> task,
        string? warning,
        TimeSpan? timeout,
        CancellationTokenSource? callSource,
        CancellationTokenRegistration link,
        CancellationToken cancellationToken)
    {
        NitTool tool = call.Tool;
        try
        {
            if (callSource is not null)
            {
                callSource.CancelAfter(timeout!.Value);
            }

            // WaitAsync returns on cancellation even when the tool ignores its token.
            object? value = await task.WaitAsync(callSource?.Token ?? cancellationToken).ConfigureAwait(false);
            return NitToolOutcome.Success(tool, call.Arguments, value, warning);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Observe(task);
            throw;
        }
        catch (OperationCanceledException) when (callSource is { IsCancellationRequested: true })
        {
            Observe(task);
            NitLog.ToolTimedOut(_logger, tool.Name, timeout!.Value);
            return NitToolOutcome.Failure(NitToolOutcomeKind.TimedOut, $"Tool '{tool.Name}' timed out after {FormatDuration(timeout!.Value)}.", tool, call.Arguments, warning);
        }
#pragma warning disable CA1031 // A tool's exception is the tool's failure, reported to the LLM.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(call, ex, warning);
        }
        finally
        {
            Release(link, callSource);
        }
    }

    private static void Release(CancellationTokenRegistration link, CancellationTokenSource? source)
    {
        link.Dispose();
        source?.Dispose();
    }

    private NitToolOutcome Failed(NitToolCall call, Exception ex, string? warning)
    {
        NitLog.ToolFailed(_logger, call.Tool.Name, ex.Message, ex);
        return NitToolOutcome.Failure(NitToolOutcomeKind.Failed, ex.Message, call.Tool, call.Arguments, warning);
    }

    /// <summary>Seed auto-routing: <c>normalize(name.value)</c>, then <c>normalize(value)</c>, per routing key.</summary>
    private NitTool[]? Route(string name, IReadOnlyDictionary<string, object?> arguments, NitToolRegistry? extra, out string? routedKey)
    {
        routedKey = null;
        foreach (string routeKey in RouteKeys)
        {
            foreach (KeyValuePair<string, object?> argument in arguments)
            {
                if (NitNames.Normalize(argument.Key) != routeKey || !IsTruthy(argument.Value))
                {
                    continue;
                }

                string target = NitValueFormatter.Format(argument.Value);
                NitTool[]? found = Lookup(extra, this, NitNames.Normalize(name + "." + target))
                    ?? Lookup(extra, this, NitNames.Normalize(target));
                if (found is not null)
                {
                    routedKey = argument.Key;
                    return found;
                }

                break;
            }
        }

        return null;
    }

    private static NitTool[]? Lookup(NitToolRegistry? extra, NitToolRegistry main, string normalized)
        => extra?._snapshot.Lookup(normalized) ?? main._snapshot.Lookup(normalized);

    private string NotFoundMessage(string name, string normalized, NitToolRegistry? extra)
    {
        NitTool[]? plugin = extra?._snapshot.LookupPlugin(normalized) ?? _snapshot.LookupPlugin(normalized);
        if (plugin is not null)
        {
            return $"'{name}' is a Plugin Category, not a Tool. Did you mean to use one of these tools? {string.Join(", ", plugin.Select(t => t.Name))}";
        }

        string message = $"Plugin '{name}' (normalized: {normalized}) not found.";
        IReadOnlyList<string> suggestions = Suggest(normalized, 3, _snapshot, extra?._snapshot);
        return suggestions.Count == 0 ? message : message + " Did you mean: " + string.Join(", ", suggestions) + "?";
    }

    private static IReadOnlyList<string> Suggest(string normalized, int max, Snapshot main, Snapshot? extra)
    {
        if (normalized.Length == 0 || max <= 0)
        {
            return [];
        }

        int limit = Math.Clamp(normalized.Length / 3, 1, 3);
        var candidates = new List<(int Distance, string Name)>();
        Snapshot[] sources = extra is null ? [main] : [extra, main];
        foreach (Snapshot s in sources)
        {
            foreach ((string key, string display) in s.SuggestionKeys)
            {
                int distance = NitNames.Distance(normalized, key, limit);
                if (distance > limit && normalized.Length >= 4 && key.Length >= 4 && (key.Contains(normalized, StringComparison.Ordinal) || normalized.Contains(key, StringComparison.Ordinal)))
                {
                    distance = limit; // a prefix or part of a longer name is a good hint too
                }

                if (distance <= limit && !candidates.Exists(c => c.Name == display))
                {
                    candidates.Add((distance, display));
                }
            }
        }

        candidates.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
        return candidates.Take(max).Select(c => c.Name).ToArray();
    }

    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        BigInteger big => !big.IsZero,
        ICollection c => c.Count > 0,
        _ => true,
    };

    private static void AppendToolLine(StringBuilder sb, NitTool tool, NitFeedbackTexts labels)
    {
        sb.Append("  - `").Append(tool.Name).Append('`');
        if (tool.Description.Length > 0)
        {
            sb.Append(": ").Append(labels.Translate(tool.Description));
        }

        sb.Append(" (").Append(labels.ArgsLabel).Append(": ");
        if (tool.Parameters.Count == 0)
        {
            sb.Append(tool.AcceptsAdditionalArguments ? labels.AnyArguments : labels.NoArguments);
        }

        for (int i = 0; i < tool.Parameters.Count; i++)
        {
            NitParameter p = tool.Parameters[i];
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(p.Name).Append(p.Required ? ": " : "?: ").Append(NitTool.TypeName(p.Type));
            if (p.HasDefault)
            {
                sb.Append(" = ").Append(NitValueFormatter.ToJson(p.DefaultValue));
            }
        }

        sb.Append(')');
        if (tool.Aliases.Count > 0)
        {
            sb.Append(" (").Append(labels.AliasesLabel).Append(": ").Append(string.Join(", ", tool.Aliases)).Append(')');
        }

        sb.Append('\n');
        foreach (NitParameter p in tool.Parameters)
        {
            if (!string.IsNullOrWhiteSpace(p.Description))
            {
                sb.Append("    - `").Append(p.Name).Append("`: ").Append(labels.Translate(p.Description)).Append('\n');
            }
        }
    }

    private static string FormatDuration(TimeSpan value)
        => value.TotalSeconds >= 1
            ? value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static void Observe(Task task)
        => _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static NitPlatforms DetectPlatform()
        => OperatingSystem.IsWindows() ? NitPlatforms.Windows
            : OperatingSystem.IsMacOS() ? NitPlatforms.MacOS
            : NitPlatforms.Linux;

    /// <summary>An immutable view of the registered tools and their lookup keys.</summary>
    private sealed class Snapshot
    {
        private readonly Dictionary<string, NitTool[]> _byKey;
        private readonly Dictionary<string, NitTool[]> _byPlugin;

        private Snapshot(NitTool[] tools)
        {
            Tools = tools;
            var keys = new Dictionary<string, List<NitTool>>(StringComparer.Ordinal);
            var plugins = new Dictionary<string, List<NitTool>>(StringComparer.Ordinal);
            var suggestionKeys = new List<(string, string)>();
            foreach (NitTool tool in tools)
            {
                foreach (string name in (IEnumerable<string>)[tool.Name, .. tool.Aliases])
                {
                    string normalized = NitNames.Normalize(name);
                    AddKey(keys, normalized, tool);
                    suggestionKeys.Add((normalized, name));
                    if (tool.Plugin is not null)
                    {
                        AddKey(keys, NitNames.Normalize(tool.Plugin + "." + name), tool);
                    }
                }

                if (tool.Plugin is not null)
                {
                    AddKey(plugins, NitNames.Normalize(tool.Plugin), tool);
                    foreach (string alias in tool.PluginAliases)
                    {
                        AddKey(keys, NitNames.Normalize(tool.Plugin + "." + alias), tool);
                    }
                }
            }

            _byKey = keys.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            _byPlugin = plugins.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            SuggestionKeys = suggestionKeys.ToArray();
        }

        public static Snapshot Empty { get; } = new([]);

        public NitTool[] Tools { get; }

        public (string Key, string Display)[] SuggestionKeys { get; }

        public static Snapshot Build(NitTool[] tools) => new(tools);

        public NitTool[]? Lookup(string normalized) => _byKey.GetValueOrDefault(normalized);

        public NitTool[]? LookupPlugin(string normalized) => _byPlugin.GetValueOrDefault(normalized);

        private static void AddKey(Dictionary<string, List<NitTool>> map, string key, NitTool tool)
        {
            if (!map.TryGetValue(key, out List<NitTool>? list))
            {
                map[key] = list = [];
            }

            if (!list.Contains(tool))
            {
                list.Add(tool);
            }
        }
    }

    /// <summary>A shared empty argument map.</summary>
    private static class EmptyArguments
    {
        public static readonly IReadOnlyDictionary<string, object?> Instance = new Dictionary<string, object?>();
    }
}
