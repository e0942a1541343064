using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.History;

/// <summary>
/// One change of a batch applied by <see cref="MemoryEngine.ApplyBatchAsync"/> (all or nothing). A memory id of zero or
/// below refers to a memory added by this batch: <c>0</c> in an <see cref="AddMemoryOperation"/>'s relations is the
/// memory being added, <c>-k</c> anywhere is the k-th <see cref="AddMemoryOperation"/> of the batch (1-based, earlier
/// in the list).
/// </summary>
public abstract record MemoryOperation
{
    private protected MemoryOperation()
    {
    }

    /// <summary>Adds a memory with relations (which may name it as 0).</summary>
    public static AddMemoryOperation Add(NewMemory memory, IReadOnlyList<BatchRelation>? relations = null, string op = MemoryHistoryOps.Create) =>
        new(memory, relations ?? [], op);

    /// <summary>Changes a memory.</summary>
    public static UpdateMemoryOperation Update(long id, MemoryEdit edit) => new(id, edit);

    /// <summary>Archives a memory (a memory already archived is left as it is).</summary>
    public static ArchiveMemoryOperation Archive(long id) => new(id);

    /// <summary>Adds a relation or changes its strength and description.</summary>
    public static RelateMemoryOperation Relate(long sourceId, long targetId, string relationType, double strength, string? description = null) =>
        new(sourceId, targetId, relationType, strength, description);

    /// <summary>Removes a relation by id.</summary>
    public static UnrelateMemoryOperation Unrelate(long relationId) => new(relationId);
}
