namespace PeroCore.Memory.Text;

/// <summary>One occurrence of a listed word in a text.</summary>
/// <param name="Word">The word as it appears in the word list.</param>
/// <param name="Index">The UTF-16 index of the first character of the occurrence.</param>
/// <param name="Length">The occurrence's length in UTF-16 characters.</param>
internal readonly record struct SensitiveWordMatch(string Word, int Index, int Length);
