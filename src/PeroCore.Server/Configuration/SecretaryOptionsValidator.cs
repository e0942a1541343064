using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The ranges of <see cref="SecretaryOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class SecretaryOptionsValidator : IValidateOptions<SecretaryOptions>;
