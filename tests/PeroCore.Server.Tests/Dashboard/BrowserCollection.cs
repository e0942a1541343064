namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The dashboard tests share one browser and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
