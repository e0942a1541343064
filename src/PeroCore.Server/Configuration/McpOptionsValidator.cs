using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="McpOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class McpOptionsValidator : IValidateOptions<McpOptions>;
