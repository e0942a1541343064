using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="SchedulerOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>;
