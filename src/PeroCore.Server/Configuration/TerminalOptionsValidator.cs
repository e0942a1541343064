using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="TerminalOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class TerminalOptionsValidator : IValidateOptions<TerminalOptions>;
