using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="MemoryHistoryOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class MemoryHistoryOptionsValidator : IValidateOptions<MemoryHistoryOptions>;
