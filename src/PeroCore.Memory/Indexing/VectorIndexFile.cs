using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// The files of a <see cref="VectorIndex"/>: the USearch graph at <c>path</c> and its checkpoint sidecar
/// (<c>&lt;path&gt;.checkpoint</c>), saved atomically and durably and loaded safely. A missing, truncated, damaged or
/// incompatible file never throws: the index starts empty and must be rebuilt; a damaged or incompatible file is moved
/// aside to <c>&lt;path&gt;.corrupt-&lt;timestamp&gt;</c> (quarantined) so the next save cannot destroy it.
/// </summary>
internal sealed partial class VectorIndexFile(string path, VectorIndexOptions options, ILogger logger)
{
    private const string CheckpointSuffix = ".checkpoint";

    /// <summary>The index file.</summary>
    public string Path => path;

    /// <summary>
    /// Saves the graph atomically and durably: a temporary file, fsynced and renamed over the index, then the
    /// checkpoint sidecar the same way. No insert or removal may run meanwhile.
    /// </summary>
    public void Save(NativeIndex native, long checkpoint)
    {
        string temp = DurableFile.TempPathFor(path);
        long count;
        long bytes;
        try
        {
            native.Save(temp);
            count = native.Size;
            bytes = new FileInfo(temp).Length;
            DurableFile.FsyncFile(temp);
            DurableFile.Replace(temp, path);
        }
        catch
        {
            DurableFile.TryDelete(temp);
            throw;
        }

        var sidecar = new VectorIndexCheckpoint
        {
            Checkpoint = checkpoint,
            Dimensions = options.Dimensions,
            Quantization = options.Quantization.ToString(),
            Count = count,
            IndexBytes = bytes,
            SavedAtUtc = DateTimeOffset.UtcNow,
        };
        DurableFile.WriteAllBytes(path + CheckpointSuffix, JsonSerializer.SerializeToUtf8Bytes(sidecar, VectorIndexJsonContext.Default.VectorIndexCheckpoint));
        LogSaved(logger, path, count, checkpoint);
    }

    /// <summary>
    /// Loads the index file into a new native index, or returns an empty one (from <paramref name="createEmpty"/>) with
    /// the reason it must be rebuilt: missing, unreadable, damaged, incompatible (moved aside), or without a usable
    /// checkpoint. Never throws for a bad file.
    /// </summary>
    public (NativeIndex Native, VectorIndexOpenResult Result) Load(Func<NativeIndex> createEmpty, int nativeThreads)
    {
        DeleteLeftoverTempFiles();
        if (!File.Exists(path))
        {
            LogMissing(logger, path);
            return (createEmpty(), new VectorIndexOpenResult(VectorIndexLoadStatus.Missing, 0, 0, $"No index file at '{path}'."));
        }

        long fileLength;
        try
        {
            fileLength = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Reject(VectorIndexLoadStatus.Corrupt, $"The index file cannot be read: {ex.Message}", createEmpty);
        }

        string? metadataError = NativeIndex.ReadMetadata(path, out USearchNative.InitOptions metadata);
        if (metadataError is not null)
        {
            return Reject(VectorIndexLoadStatus.Corrupt, $"The index header is unreadable: {metadataError}", createEmpty);
        }

        USearchNative.InitOptions expected = NativeIndex.ToInit(options);
        if (metadata.MetricKind != expected.MetricKind || metadata.Quantization != expected.Quantization
            || metadata.Dimensions != expected.Dimensions)
        {
            return Reject(
                VectorIndexLoadStatus.Incompatible,
                $"The index file has {metadata.Dimensions} dimensions, metric {metadata.MetricKind} and scalar kind {metadata.Quantization}; " +
                $"expected {expected.Dimensions}, {expected.MetricKind} and {expected.Quantization}.",
                createEmpty);
        }

        NativeIndex native = NativeIndex.Create(options);
        try
        {
            string? loadError = native.TryLoad(path);
            if (loadError is not null)
            {
                native.Dispose();
                return Reject(VectorIndexLoadStatus.Corrupt, $"The index file is damaged: {loadError}", createEmpty);
            }

            long serialized = native.SerializedLength;
            if (native.NativeDimensions != options.Dimensions || serialized != fileLength)
            {
                native.Dispose();
                return Reject(
                    VectorIndexLoadStatus.Corrupt,
                    $"The index file is inconsistent: {fileLength} bytes on disk, {serialized} expected for its content.",
                    createEmpty);
            }

            native.Reserve(Math.Max(native.Size + 16, options.InitialCapacity), nativeThreads);
        }
        catch (VectorIndexException ex)
        {
            native.Dispose();
            return Reject(VectorIndexLoadStatus.Corrupt, ex.Message, createEmpty);
        }

        VectorIndexCheckpoint? sidecar = ReadCheckpoint(path + CheckpointSuffix, out string? sidecarProblem);
        if (sidecar is null)
        {
            native.Dispose();
            LogCheckpointMissing(logger, path, sidecarProblem!);
            return (createEmpty(), new VectorIndexOpenResult(VectorIndexLoadStatus.CheckpointMissing, 0, 0, sidecarProblem));
        }

        long count = native.Size;
        if (sidecar.IndexBytes != fileLength)
        {
            // A crash between the index rename and the sidecar rename: the checkpoint is older than the index,
            // which is safe (replay is idempotent).
            LogOlderCheckpoint(logger, path, sidecar.Checkpoint);
        }

        LogLoaded(logger, path, count, sidecar.Checkpoint);
        return (native, new VectorIndexOpenResult(VectorIndexLoadStatus.Loaded, sidecar.Checkpoint, count));
    }

    private void DeleteLeftoverTempFiles()
    {
        try
        {
            string folder = System.IO.Path.GetDirectoryName(path)!;
            string name = System.IO.Path.GetFileName(path);
            foreach (string leftover in Directory.EnumerateFiles(folder, name + ".tmp-*")
                .Concat(Directory.EnumerateFiles(folder, name + CheckpointSuffix + ".tmp-*")))
            {
                DurableFile.TryDelete(leftover);
                LogLeftoverDeleted(logger, leftover);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leftovers only waste space.
        }
    }

    private VectorIndexCheckpoint? ReadCheckpoint(string sidecarPath, out string? problem)
    {
        problem = null;
        try
        {
            if (!File.Exists(sidecarPath))
            {
                problem = $"The checkpoint file '{sidecarPath}' is missing.";
                return null;
            }

            VectorIndexCheckpoint? sidecar = JsonSerializer.Deserialize(File.ReadAllBytes(sidecarPath), VectorIndexJsonContext.Default.VectorIndexCheckpoint);
            if (sidecar is null || sidecar.Format != VectorIndexCheckpoint.CurrentFormat || sidecar.Checkpoint < 0
                || sidecar.Dimensions != options.Dimensions)
            {
                problem = $"The checkpoint file '{sidecarPath}' is invalid or belongs to another index.";
                return null;
            }

            return sidecar;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = $"The checkpoint file '{sidecarPath}' is unreadable: {ex.Message}";
            return null;
        }
    }

    private (NativeIndex Native, VectorIndexOpenResult Result) Reject(VectorIndexLoadStatus status, string detail, Func<NativeIndex> createEmpty)
    {
        string? quarantined = null;
        try
        {
            string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            quarantined = $"{path}.corrupt-{stamp}";
            File.Move(path, quarantined);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogQuarantineFailed(logger, path, ex.Message);
            quarantined = null;
        }

        LogRejected(logger, path, status, detail, quarantined ?? "(left in place)");
        return (createEmpty(), new VectorIndexOpenResult(status, 0, 0, detail, quarantined));
    }

    // Debug: a missing file only means "start empty"; the engine warns when there are memories to re-index.
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug,
        Message = "Vector index {Path} does not exist; starting empty")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Vector index {Path} is not usable ({Status}: {Detail}); starting empty, it must be rebuilt. Old file: {Quarantined}")]
    private static partial void LogRejected(ILogger logger, string path, VectorIndexLoadStatus status, string detail, string quarantined);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Vector index {Path} has no usable checkpoint ({Detail}); starting empty, it must be rebuilt")]
    private static partial void LogCheckpointMissing(ILogger logger, string path, string detail);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Could not move the unusable vector index {Path} aside: {Error}")]
    private static partial void LogQuarantineFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Loaded vector index {Path}: {Count} vectors, checkpoint {Checkpoint}")]
    private static partial void LogLoaded(ILogger logger, string path, long count, long checkpoint);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Information,
        Message = "Vector index {Path} is newer than its checkpoint {Checkpoint} (interrupted save); later changes will be replayed")]
    private static partial void LogOlderCheckpoint(ILogger logger, string path, long checkpoint);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Debug, Message = "Saved vector index {Path}: {Count} vectors, checkpoint {Checkpoint}")]
    private static partial void LogSaved(ILogger logger, string path, long count, long checkpoint);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Deleted leftover temporary file {Path} from an interrupted save")]
    private static partial void LogLeftoverDeleted(ILogger logger, string path);
}
