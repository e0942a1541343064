using System.Collections.Immutable;

namespace PeroCore.Memory.Graph;

/// <summary>
/// Immutable map from memory id to graph slot. Ids in a dense window <c>[BaseId, BaseId + DenseLength)</c>
/// are found by one chunked array read (memory ids are AUTOINCREMENT, so mostly dense); any other id falls
/// back to a dictionary. Entries are never removed: a removed node keeps its slot, marked dead in the
/// snapshot, until the next compaction rebuilds the map.
/// </summary>
internal sealed class IdSlotMap
{
    /// <summary>Gets a map with no entries.</summary>
    public static readonly IdSlotMap Empty =
        new(0, ChunkedArray<int>.CreateEmpty(0), null, ImmutableDictionary<long, int>.Empty);

    private const long DenseSlack = 1 << 16;

    private readonly long _baseId;
    private readonly ChunkedArray<int> _dense; // slot + 1; 0 = absent
    private readonly Dictionary<long, int>? _sparseBase; // never mutated after construction
    private readonly ImmutableDictionary<long, int> _sparseExtra;

    private IdSlotMap(
        long baseId,
        ChunkedArray<int> dense,
        Dictionary<long, int>? sparseBase,
        ImmutableDictionary<long, int> sparseExtra)
    {
        _baseId = baseId;
        _dense = dense;
        _sparseBase = sparseBase;
        _sparseExtra = sparseExtra;
    }

    /// <summary>
    /// Builds a map where <c>slotIds[i]</c> maps to slot <c>i</c>. Ids must be distinct. Uses the dense window
    /// when the id span is at most four times the count plus some slack, a dictionary otherwise.
    /// </summary>
    public static IdSlotMap Build(ReadOnlySpan<long> slotIds)
    {
        if (slotIds.IsEmpty)
        {
            return Empty;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (var id in slotIds)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }

        var span = (decimal)max - min + 1;
        if (span <= (4m * slotIds.Length) + DenseSlack && span <= int.MaxValue - ChunkedArray<int>.ChunkSize)
        {
            var dense = new int[(int)span];
            for (var slot = 0; slot < slotIds.Length; slot++)
            {
                dense[(int)(slotIds[slot] - min)] = slot + 1;
            }

            return new IdSlotMap(min, ChunkedArray<int>.FromSpan(dense), null, ImmutableDictionary<long, int>.Empty);
        }

        var sparse = new Dictionary<long, int>(slotIds.Length);
        for (var slot = 0; slot < slotIds.Length; slot++)
        {
            sparse[slotIds[slot]] = slot;
        }

        return new IdSlotMap(0, ChunkedArray<int>.CreateEmpty(0), sparse, ImmutableDictionary<long, int>.Empty);
    }

    /// <summary>Looks up the slot of <paramref name="id"/> (dead slots included).</summary>
    public bool TryGetSlot(long id, out int slot)
    {
        var offset = id - _baseId;
        if (offset >= 0 && offset < _dense.Length)
        {
            slot = _dense[(int)offset] - 1;
            if (slot >= 0)
            {
                return true;
            }
        }

        if (_sparseBase is not null && _sparseBase.TryGetValue(id, out slot))
        {
            return true;
        }

        return _sparseExtra.TryGetValue(id, out slot);
    }

    /// <summary>Returns a map with the given new ids added (ids must not be present yet).</summary>
    public IdSlotMap WithAdded(IReadOnlyList<KeyValuePair<long, int>> additions)
    {
        ArgumentNullException.ThrowIfNull(additions);
        if (additions.Count == 0)
        {
            return this;
        }

        var baseId = _baseId;
        var denseLength = _dense.Length;
        if (denseLength == 0 && _sparseBase is null && _sparseExtra.IsEmpty)
        {
            // First ids ever: start the dense window at the smallest one.
            baseId = long.MaxValue;
            foreach (var (id, _) in additions)
            {
                baseId = Math.Min(baseId, id);
            }
        }

        var denseUpdates = new List<KeyValuePair<int, int>>(additions.Count);
        var extra = _sparseExtra;
        ImmutableDictionary<long, int>.Builder? extraBuilder = null;
        foreach (var (id, slot) in additions)
        {
            var offset = id - baseId;
            var growLimit = Math.Max(2L * denseLength, denseLength + DenseSlack);
            if (offset >= 0 && offset < growLimit && offset < int.MaxValue - ChunkedArray<int>.ChunkSize)
            {
                denseLength = Math.Max(denseLength, (int)offset + 1);
                denseUpdates.Add(new KeyValuePair<int, int>((int)offset, slot + 1));
            }
            else
            {
                extraBuilder ??= extra.ToBuilder();
                extraBuilder[id] = slot;
            }
        }

        var dense = denseUpdates.Count == 0 ? _dense : _dense.With(denseUpdates, denseLength);
        return new IdSlotMap(baseId, dense, _sparseBase, extraBuilder?.ToImmutable() ?? extra);
    }
}
