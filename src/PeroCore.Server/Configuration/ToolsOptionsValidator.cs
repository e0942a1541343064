using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="ToolsOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class ToolsOptionsValidator : IValidateOptions<ToolsOptions>;
