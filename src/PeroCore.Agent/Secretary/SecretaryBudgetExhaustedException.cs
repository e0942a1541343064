namespace PeroCore.Agent.Secretary;

/// <summary>A step wanted a model call past the run's budget; it applies nothing and the run goes on.</summary>
public sealed class SecretaryBudgetExhaustedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretaryBudgetExhaustedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryBudgetExhaustedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryBudgetExhaustedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
