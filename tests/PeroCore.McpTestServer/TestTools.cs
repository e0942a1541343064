using System.ComponentModel;
using ModelContextProtocol.Server;

namespace PeroCore.McpTestServer;

/// <summary>The tools the tests call.</summary>
[McpServerToolType]
public static class TestTools
{
    /// <summary>Answers its text, so a test sees exactly what arrived (no shell, no rewriting).</summary>
    [McpServerTool(Name = "echo"), Description("Answers the text it was given.")]
    public static string Echo([Description("Any text.")] string text) => "echo: " + text;

    /// <summary>Adds two integers (checks that NIT arguments arrive as numbers).</summary>
    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static long Add(long a, long b) => a + b;

    /// <summary>The server's process id, so a test can tell a restarted server from the first one.</summary>
    [McpServerTool(Name = "pid"), Description("The process id of this server.")]
    public static int Pid() => Environment.ProcessId;

    /// <summary>An environment variable of the server (checks the configured env reaches a stdio server).</summary>
    [McpServerTool(Name = "env"), Description("Reads an environment variable.")]
    public static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "(unset)";

    /// <summary>Always fails.</summary>
    [McpServerTool(Name = "fail"), Description("Always fails.")]
    public static string Fail() => throw new InvalidOperationException("this tool always fails");
}
