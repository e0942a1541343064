namespace PeroCore.Agent.Secretary;

/// <summary>The model's answer for a step does not fit the step's schema (bad JSON, ids outside the batch...); nothing was applied.</summary>
public sealed class SecretaryAnswerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretaryAnswerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryAnswerException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryAnswerException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
