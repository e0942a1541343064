namespace PeroCore.Memory.Tests.Embeddings;

/// <summary>
/// The only tests that load the real ArcticXs model. They run one at a time, sharing one loaded model,
/// so two cores are not oversubscribed.
/// </summary>
[CollectionDefinition("ArcticXs", DisableParallelization = true)]
public sealed class ArcticXsCollection : ICollectionFixture<ArcticXsFixture>
{
}
