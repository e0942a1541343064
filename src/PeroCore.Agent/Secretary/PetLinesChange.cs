using System.Text.Json.Serialization;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary;

/// <summary>What the <c>pet_lines</c> step changed in the pet state: the lines before the run and the lines it wrote.</summary>
/// <param name="Before">The lines before the run.</param>
/// <param name="After">The lines the run wrote.</param>
public sealed record PetLinesChange(
    [property: JsonPropertyName("before")] PetLines Before,
    [property: JsonPropertyName("after")] PetLines After);
