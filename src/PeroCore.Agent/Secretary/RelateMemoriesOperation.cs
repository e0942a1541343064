namespace PeroCore.Agent.Secretary;

/// <summary>Adds a typed relation between two memories.</summary>
public sealed record RelateMemoriesOperation(long SourceId, long TargetId, string Type, double Strength, string? Description) : SecretaryOperation;
