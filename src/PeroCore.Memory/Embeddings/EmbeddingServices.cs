using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Embeddings;

/// <summary>The <c>GetService</c> answer every PeroCore embedding generator gives: its metadata, its model identity, or itself.</summary>
internal static class EmbeddingServices
{
    /// <summary>Resolves a service of a generator; keyed requests are not supported.</summary>
    public static object? Resolve(object generator, Type serviceType, object? serviceKey, Func<EmbeddingGeneratorMetadata> metadata, Func<EmbeddingModelIdentity> identity)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return metadata();
        }

        if (serviceType == typeof(EmbeddingModelIdentity))
        {
            return identity();
        }

        return serviceType.IsInstanceOfType(generator) ? generator : null;
    }
}
