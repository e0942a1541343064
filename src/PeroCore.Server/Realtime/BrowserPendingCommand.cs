using System.Text.Json.Nodes;
using PeroCore.Agent.Browser;

namespace PeroCore.Server.Realtime;

/// <summary>A command sent to the extension: its own result, and its own wait for the page that follows.</summary>
internal sealed class BrowserPendingCommand
{
    /// <summary>The extension's <c>command_result</c> data.</summary>
    public TaskCompletionSource<JsonObject> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first page-info update after the command was sent (null when the connection ended).</summary>
    public TaskCompletionSource<BrowserPageInfo?> Page { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
