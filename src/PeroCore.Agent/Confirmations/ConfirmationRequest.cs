namespace PeroCore.Agent.Confirmations;

/// <summary>An action waiting for the user's yes or no (pushed as <c>confirmation_request</c>, listed by <c>GET /api/confirmations</c>).</summary>
/// <param name="Id">The id to answer with <c>POST /api/confirmations/{id}</c>.</param>
/// <param name="Tool">The tool that asks.</param>
/// <param name="Command">The executable.</param>
/// <param name="Args">Its arguments, passed as a list (no shell).</param>
/// <param name="Cwd">The working folder.</param>
/// <param name="Risk">The auditor's level (<c>safe</c>, <c>notice</c>, <c>warn</c>).</param>
/// <param name="Reason">The auditor's reason.</param>
/// <param name="ExpiresAt">When an unanswered request is refused.</param>
public sealed record ConfirmationRequest(
    string Id, string Tool, string Command, IReadOnlyList<string> Args, string Cwd, string Risk, string Reason, DateTimeOffset ExpiresAt);
