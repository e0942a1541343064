namespace PeroCore.Agent.Secretary;

/// <summary>
/// One change a maintenance step asks for. A step's operations are applied together (all or nothing) through
/// <see cref="ISecretaryChanges"/>, tagged with the run they belong to so the run can be listed and undone.
/// </summary>
public abstract record SecretaryOperation;
