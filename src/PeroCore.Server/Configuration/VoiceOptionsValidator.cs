using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="VoiceOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class VoiceOptionsValidator : IValidateOptions<VoiceOptions>;
