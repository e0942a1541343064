namespace PeroCore.Memory.Graph;

/// <summary>
/// The in-memory graph of memories used for spreading activation: nodes are memory ids, edges are relation
/// rows (<c>memory_relation</c>, weight <c>RelationWeight × strength</c>, undirected, rows between the same
/// pair summed) and time-axis links (prev/next, weight <c>TimeWeight</c>, each link once).
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: any number of readers and writers. Readers take <see cref="Current"/>, an immutable
/// snapshot, and never see a torn state. Writers are serialised; each write builds a new snapshot that shares
/// everything it does not touch and publishes it atomically.
/// </para>
/// <para>
/// Cost of a write: proportional to the degrees of the touched nodes plus a small constant (copying a few
/// 1,024-entry chunks), never O(N). Changed adjacency lists live in per-node overrides until their total size
/// passes <see cref="MemoryGraphOptions.CompactionRatio"/> of the compact arrays, when the writer folds them
/// back in (O(N + E), amortised). <see cref="Compact"/> forces that, for example at idle time.
/// </para>
/// </remarks>
public sealed class MemoryGraph
{
    private readonly Lock _writeLock = new();
    private MemoryGraphSnapshot _current;
    private bool _editing;

    /// <summary>Creates an empty graph.</summary>
    /// <param name="options">Edge weights and compaction settings; <see cref="MemoryGraphOptions.Default"/> when null.</param>
    public MemoryGraph(MemoryGraphOptions? options = null)
        : this(GraphBuilder.Build([], [], [], Validated(options)))
    {
    }

    private MemoryGraph(MemoryGraphSnapshot initial) => _current = initial;

    /// <summary>Gets the options (edge weights) of this graph.</summary>
    public MemoryGraphOptions Options => Current.Options;

    /// <summary>Gets the latest published snapshot. Cheap; take it once per query and use it throughout.</summary>
    public MemoryGraphSnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Builds a graph in bulk (O((N + E) log E); about a second or two for a million nodes and five million
    /// edges). Node ids are de-duplicated. Links and relations whose ends are not both in
    /// <paramref name="nodes"/> are skipped (dangling rows never create ghost nodes), as are self-loops and
    /// relation rows whose strength is not a positive finite number.
    /// </summary>
    /// <param name="nodes">The memory ids.</param>
    /// <param name="timeLinks">
    /// Time-axis links as (prev, next) pairs. Duplicates are counted once, so feeding both
    /// <c>(m.prev_id, m.id)</c> and <c>(m.id, m.next_id)</c> for every row is fine.
    /// </param>
    /// <param name="relations">Relation rows (source, target, strength); direction does not matter.</param>
    /// <param name="options">Edge weights and compaction settings; <see cref="MemoryGraphOptions.Default"/> when null.</param>
    public static MemoryGraph Build(
        IEnumerable<long> nodes,
        IEnumerable<(long PrevId, long NextId)> timeLinks,
        IEnumerable<(long Source, long Target, float Strength)> relations,
        MemoryGraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(timeLinks);
        ArgumentNullException.ThrowIfNull(relations);
        return new MemoryGraph(GraphBuilder.Build(nodes, timeLinks, relations, Validated(options)));
    }

    /// <summary>Replaces every node and edge with those of <paramref name="source"/> at once (after a reset or a restore).</summary>
    public void ReplaceWith(MemoryGraph source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_writeLock)
        {
            Volatile.Write(ref _current, source.Current);
        }
    }

    /// <summary>
    /// Applies a batch of changes atomically: readers see either none or all of them. If
    /// <paramref name="edit"/> throws, nothing is published.
    /// </summary>
    public void Edit(Action<MemoryGraphEditor> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        Edit(editor =>
        {
            edit(editor);
            return true;
        });
    }

    /// <summary>Applies a batch of changes atomically and returns the callback's result.</summary>
    /// <exception cref="InvalidOperationException">Called from inside another edit of this graph.</exception>
    public TResult Edit<TResult>(Func<MemoryGraphEditor, TResult> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (_writeLock)
        {
            if (_editing)
            {
                throw new InvalidOperationException("Edits of a memory graph cannot be nested; use the editor passed to the callback.");
            }

            var editor = new MemoryGraphEditor(_current);
            TResult result;
            _editing = true;
            try
            {
                result = edit(editor);
            }
            catch
            {
                editor.Close();
                throw;
            }
            finally
            {
                _editing = false;
            }

            var next = editor.Publish();
            if (!ReferenceEquals(next, _current))
            {
                if (NeedsCompaction(next))
                {
                    next = next.Compact();
                }

                Volatile.Write(ref _current, next);
            }

            return result;
        }
    }

    /// <inheritdoc cref="MemoryGraphEditor.AddNode"/>
    public bool AddNode(long id) => Edit(e => e.AddNode(id));

    /// <inheritdoc cref="MemoryGraphEditor.RemoveNode"/>
    public bool RemoveNode(long id, bool repairTimeChain = true) => Edit(e => e.RemoveNode(id, repairTimeChain));

    /// <inheritdoc cref="MemoryGraphEditor.SetTimeLinks"/>
    public bool SetTimeLinks(long id, long? previousId, long? nextId) => Edit(e => e.SetTimeLinks(id, previousId, nextId));

    /// <inheritdoc cref="MemoryGraphEditor.AddTimeLink"/>
    public bool AddTimeLink(long previousId, long nextId) => Edit(e => e.AddTimeLink(previousId, nextId));

    /// <inheritdoc cref="MemoryGraphEditor.RemoveTimeLink"/>
    public bool RemoveTimeLink(long previousId, long nextId) => Edit(e => e.RemoveTimeLink(previousId, nextId));

    /// <inheritdoc cref="MemoryGraphEditor.AddRelation"/>
    public bool AddRelation(long sourceId, long targetId, float strength) => Edit(e => e.AddRelation(sourceId, targetId, strength));

    /// <inheritdoc cref="MemoryGraphEditor.RemoveRelation"/>
    public bool RemoveRelation(long sourceId, long targetId, float strength) => Edit(e => e.RemoveRelation(sourceId, targetId, strength));

    /// <summary>
    /// Folds every pending override into fresh compact arrays and drops removed nodes (O(N + E)). Readers
    /// keep working on the previous snapshot meanwhile. Normally automatic; call it at idle time to avoid the
    /// pause landing on a write.
    /// </summary>
    public void Compact()
    {
        lock (_writeLock)
        {
            if (_current.OverrideSlotCount > 0)
            {
                Volatile.Write(ref _current, _current.Compact());
            }
        }
    }

    private static MemoryGraphOptions Validated(MemoryGraphOptions? options)
    {
        options ??= MemoryGraphOptions.Default;
        options.Validate();
        return options;
    }

    private static bool NeedsCompaction(MemoryGraphSnapshot snapshot)
    {
        var pending = snapshot.OverrideEntryCount + snapshot.OverrideSlotCount;
        var limit = Math.Max(
            snapshot.Options.MinCompactionEntries,
            snapshot.Options.CompactionRatio * ((double)snapshot.BaseEntryCount + snapshot.SlotCount));
        return pending > limit;
    }
}
