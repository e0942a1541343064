namespace PeroCore.Agent.Confirmations;

/// <summary>What became of an answer.</summary>
public enum ConfirmationAnswer
{
    /// <summary>The waiting action got the answer.</summary>
    Accepted,

    /// <summary>No request has this id.</summary>
    NotFound,

    /// <summary>The request was answered already, or it expired.</summary>
    AlreadyDecided,
}
