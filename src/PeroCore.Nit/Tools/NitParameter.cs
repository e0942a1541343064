namespace PeroCore.Nit.Tools;

/// <summary>One declared parameter of a tool. Immutable.</summary>
public sealed class NitParameter
{
    internal NitParameter(string name, NitParameterType type, string? description, bool required, bool hasDefault, object? defaultValue)
    {
        Name = name;
        Type = type;
        Description = description;
        Required = required;
        HasDefault = hasDefault;
        DefaultValue = defaultValue;
        NormalizedName = NitNames.Normalize(name);
    }

    /// <summary>The parameter name the handler reads (e.g. <c>file_path</c>).</summary>
    public string Name { get; }

    /// <summary>The declared type.</summary>
    public NitParameterType Type { get; }

    /// <summary>Text for the prompt and the JSON schema.</summary>
    public string? Description { get; }

    /// <summary>True when a call without this argument is refused.</summary>
    public bool Required { get; }

    /// <summary>True when <see cref="DefaultValue"/> is filled in for a missing argument.</summary>
    public bool HasDefault { get; }

    /// <summary>The default for a missing optional argument.</summary>
    public object? DefaultValue { get; }

    /// <summary>Lower-cased name without <c>_</c> and <c>-</c>, used to map argument names like <c>filePath</c>.</summary>
    internal string NormalizedName { get; }
}
