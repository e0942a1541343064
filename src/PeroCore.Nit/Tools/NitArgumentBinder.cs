namespace PeroCore.Nit.Tools;

/// <summary>
/// Maps call arguments to declared parameters (exact name, then normalised name: <c>filePath</c> → <c>file_path</c>,
/// spec §3.2 fix), converts them to the declared types, fills defaults and checks required parameters.
/// </summary>
internal static class NitArgumentBinder
{
    /// <summary>Returns null on success, else the error message (naming the parameter).</summary>
    public static string? Bind(
        NitTool tool,
        IReadOnlyDictionary<string, object?> arguments,
        string? excludedKey,
        out OrderedDictionary<string, object?> bound,
        out string? warning)
    {
        bound = new OrderedDictionary<string, object?>(arguments.Count + tool.Parameters.Count, StringComparer.Ordinal);
        warning = null;
        List<string>? dropped = null;

        foreach (KeyValuePair<string, object?> argument in arguments)
        {
            if (excludedKey is not null && string.Equals(argument.Key, excludedKey, StringComparison.Ordinal))
            {
                continue;
            }

            NitParameter? parameter = tool.FindParameter(argument.Key);
            if (parameter is null)
            {
                if (tool.AcceptsAdditionalArguments)
                {
                    bound[argument.Key] = argument.Value;
                }
                else
                {
                    (dropped ??= []).Add(argument.Key);
                }

                continue;
            }

            if (argument.Value is null)
            {
                if (parameter.Required)
                {
                    return $"Parameter '{parameter.Name}' of tool '{tool.Name}' is required and cannot be null.";
                }

                bound[parameter.Name] = null;
                continue;
            }

            if (!NitValueConversion.TryConvert(argument.Value, parameter.Type, out object? converted))
            {
                return $"Invalid value for parameter '{parameter.Name}' of tool '{tool.Name}': expected {NitTool.TypeName(parameter.Type)}, got {NitValueConversion.Describe(argument.Value)}.";
            }

            bound[parameter.Name] = converted;
        }

        foreach (NitParameter parameter in tool.Parameters)
        {
            if (bound.ContainsKey(parameter.Name))
            {
                continue;
            }

            if (parameter.Required)
            {
                string hint = dropped is null ? string.Empty : " Unknown arguments given: " + string.Join(", ", dropped) + ".";
                return $"Missing required parameter '{parameter.Name}' for tool '{tool.Name}'.{hint}";
            }

            if (parameter.HasDefault)
            {
                bound[parameter.Name] = parameter.DefaultValue;
            }
        }

        if (dropped is not null)
        {
            warning = "ignored unknown argument(s): " + string.Join(", ", dropped);
        }

        return null;
    }
}
