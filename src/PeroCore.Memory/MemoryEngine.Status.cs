namespace PeroCore.Memory;

public sealed partial class MemoryEngine
{
    /// <summary>The background queues (linking, re-embedding, index catch-up, audit) and the index sizes, as they are now.</summary>
    public async Task<EngineQueueStatus> GetQueueStatusAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var links = await CountPendingLinksAsync(cancellationToken).ConfigureAwait(false);
        return new EngineQueueStatus(links, PendingReembed, UnauditedCount, OrphanCount, Index.GetStats(), TagIndex.GetStats(), Graph.Current.NodeCount);
    }
}
