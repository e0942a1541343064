using System.Runtime.InteropServices;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// Direct P/Invoke bindings to <c>libusearch_c</c>, the native library shipped in the Cloud.Unum.USearch
/// package. The package's managed wrapper copies every vector into an array, grows capacity itself and has no
/// <c>usearch_reserve</c> or thread-context control, all of which concurrent insertion needs; so the index talks
/// to the C API directly. Signatures follow the C header of USearch 2.26 (the same ones the wrapper declares).
/// </summary>
/// <remarks>
/// The C API does not reset <c>*error</c> on success, so each call passes a fresh null error slot.
/// </remarks>
internal static unsafe partial class USearchNative
{
    private const string Library = "libusearch_c";

    /// <summary><c>usearch_metric_cos_k</c>.</summary>
    public const int MetricCos = 1;

    /// <summary><c>usearch_scalar_f32_k</c>.</summary>
    public const int ScalarF32 = 1;

    /// <summary><c>usearch_scalar_f16_k</c>.</summary>
    public const int ScalarF16 = 3;

    /// <summary><c>usearch_scalar_i8_k</c>.</summary>
    public const int ScalarI8 = 4;

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    public static partial nint Init(ref InitOptions options, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    public static partial void Free(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Save(nint index, string path, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Load(nint index, string path, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_metadata", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Metadata(string path, ref InitOptions options, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_serialized_length")]
    public static partial nuint SerializedLength(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    public static partial nuint MemoryUsage(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    public static partial nuint Size(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_capacity")]
    public static partial nuint Capacity(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    public static partial nuint Dimensions(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    public static partial void Reserve(nint index, nuint capacity, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    public static partial void ChangeThreadsAdd(nint index, nuint threads, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    public static partial void ChangeThreadsSearch(nint index, nuint threads, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    public static partial void ChangeExpansionSearch(nint index, nuint expansion, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_add")]
    public static partial void ChangeExpansionAdd(nint index, nuint expansion, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    public static partial void Add(nint index, ulong key, float* vector, int vectorKind, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_contains")]
    [return: MarshalAs(UnmanagedType.I1)]
    public static partial bool Contains(nint index, ulong key, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    public static partial nuint Search(nint index, float* query, int queryKind, nuint count, ulong* keys, float* distances, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_get")]
    public static partial nuint Get(nint index, ulong key, nuint count, void* vector, int vectorKind, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_remove")]
    public static partial nuint Remove(nint index, ulong key, nint* error);

    /// <summary>Throws a <see cref="VectorIndexException"/> when the native call reported an error.</summary>
    /// <param name="error">The error slot after the call.</param>
    /// <param name="operation">What was being done, for the message.</param>
    public static void ThrowIfError(nint error, string operation)
    {
        if (error != 0)
        {
            throw new VectorIndexException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    /// <summary>Returns the native error text, or null when there was none.</summary>
    /// <param name="error">The error slot after the call.</param>
    /// <returns>The message or null.</returns>
    public static string? ErrorText(nint error) => error == 0 ? null : Marshal.PtrToStringUTF8(error);

    /// <summary>Mirror of <c>usearch_init_options_t</c> (64 bytes on 64-bit platforms).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public int MetricKind;
        public nint Metric;
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }
}
