using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

/// <summary>
/// Builds real PeroCore databases and damages them the way disks and careless tools do: a destroyed header, random
/// bytes in the middle, one garbage page in a table's or an index's b-tree (found by walking the b-tree in the file).
/// </summary>
public static class DatabaseDamage
{
    /// <summary>Creates a database with <paramref name="memories"/> memories (random vectors, tags, a time axis), relations and settings.</summary>
    public static async Task CreateAsync(string path, int memories, string embeddingModel = "test:64", int dimensions = 64)
    {
        await using var store = await PeroStore.OpenAsync(path);
        var random = new Random(42);
        await store.Database.WriteAsync(async (tx, ct) =>
        {
            var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            for (var i = 1; i <= memories; i++)
            {
                var vector = new float[dimensions];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)(random.NextDouble() - 0.5);
                }

                await MemoryRepository.InsertAsync(tx, new NewMemory
                {
                    Content = $"memory number {i} about topic {i % 17}: the owner likes {Topic(i)}",
                    Tags = [$"topic{i % 17}", "salvage"],
                    Importance = 1 + (i % 9),
                    Timestamp = start.AddMinutes(i),
                    Embedding = vector,
                    EmbeddingModel = embeddingModel,
                }, store.Database.NowMs, ct);
            }
        });
        for (var i = 2; i <= Math.Min(memories, 50); i++)
        {
            await store.Relations.UpsertAsync(i, i - 1, RelationTypes.Associative, 0.5);
        }

        await store.Config.SetAsync("owner_name", "Alice");
    }

    /// <summary>A word that a search can find in memory <paramref name="i"/>.</summary>
    public static string Topic(int i) => $"subject{i}x";

    /// <summary>The page size, from the file header.</summary>
    public static int PageSize(string path)
    {
        var header = new byte[100];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(header);
        var raw = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        return raw == 1 ? 65536 : raw;
    }

    /// <summary>The first freelist trunk page, from the file header (0 when the free list is empty).</summary>
    public static long FreelistTrunkPage(string path)
    {
        var header = new byte[100];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(32));
    }

    /// <summary>The root page of a table or an index (read while the file is still sound).</summary>
    public static long RootPage(string path, string name)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The leaf pages of the b-tree rooted at <paramref name="root"/>, in key order.</summary>
    public static List<long> LeafPages(string path, long root)
    {
        var size = PageSize(path);
        var bytes = File.ReadAllBytes(path);
        var leaves = new List<long>();
        void Walk(long page)
        {
            var offset = (int)((page - 1) * size);
            var header = page == 1 ? offset + 100 : offset;
            var type = bytes[header];
            if (type is 10 or 13)
            {
                leaves.Add(page);
                return;
            }

            if (type is not (2 or 5))
            {
                throw new InvalidDataException($"page {page} is not a b-tree page (type {type})");
            }

            var cells = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(header + 3));
            for (var i = 0; i < cells; i++)
            {
                var cell = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(header + 12 + (2 * i)));
                Walk(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + cell)));
            }

            Walk(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(header + 8)));
        }

        Walk(root);
        return leaves;
    }

    /// <summary>Fills one page with garbage.</summary>
    public static void TrashPage(string path, long page, int seed = 7)
    {
        var size = PageSize(path);
        var garbage = new byte[size];
        new Random(seed).NextBytes(garbage);
        Overwrite(path, (page - 1) * size, garbage);
    }

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/>.</summary>
    public static void Overwrite(string path, long offset, byte[] bytes)
    {
        SqliteConnection.ClearAllPools();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Position = offset;
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Overwrites the 100-byte file header with random bytes.</summary>
    public static void TrashHeader(string path) => Overwrite(path, 0, RandomBytes(100, 3));

    /// <summary>Random bytes.</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Rows of a table, read over a fresh connection.</summary>
    public static long Count(string path, string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
