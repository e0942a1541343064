using System.Text.Json;
using PeroCore.Nit.Cli;

namespace PeroCore.Nit.Tests;

/// <summary>The logic of <c>perocore nit check</c> and <c>perocore nit run</c>.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Exit, string Out, string Err)> Invoke(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = await new NitCommandLine().InvokeAsync(args, stdin, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Check_prints_the_ast_as_json()
    {
        (int exit, string output, string error) = await Invoke("$r = echo(a=1)\nsleep(ms=$r)", "check", "-");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement statements = doc.RootElement.GetProperty("statements");
        Assert.Equal(2, statements.GetArrayLength());
        Assert.Equal("echo", statements[0].GetProperty("value").GetProperty("tool").GetString());
    }

    [Fact]
    public async Task Check_reports_errors_with_line_and_column()
    {
        (int exit, string output, string error) = await Invoke("echo(a=1)\necho(a=\"abc", "check", "-");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("Lexer error at line 2, col 12: Unterminated string\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_maps_block_errors_to_input_positions()
    {
        (int exit, string output, string error) = await Invoke("Sure!\n<nit>echo(a=1)</nit>\nthen <nit>\necho(a=@)</nit>\n[[[NIT_CALL]]]\necho\nfile_path: [START] x [END]\n[[[NIT_END]]]", "check", "-");
        Assert.Equal(1, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(3, doc.RootElement.GetArrayLength());
        Assert.Equal("Lexer error at line 2, col 8: Unexpected character: @", doc.RootElement[1].GetProperty("error").GetString());
        Assert.Equal("x", doc.RootElement[2].GetProperty("parameters").GetProperty("filepath").GetString());
        Assert.StartsWith("block 2 (input line 4, col 8): Lexer error at line 2, col 8", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_uses_the_echo_and_sleep_tools()
    {
        (int exit, string output, _) = await Invoke("$x = echo(a=1, b=\"猫\")\nasync sleep(ms=1)\nsleep(ms=0)", "run", "-");
        Assert.Equal(0, exit);
        Assert.Equal(
            "Assignment: $x = {\"a\":1,\"b\":\"猫\"}\nCall: sleep -> Async task scheduled\nCall: sleep -> slept 0 ms\n[Async task #1] sleep -> slept 1 ms\nstatus: success\n",
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Run_fails_on_errors()
    {
        (int exit, string output, _) = await Invoke("nope()", "run", "-");
        Assert.Equal(1, exit);
        Assert.Contains("Error: Plugin 'nope' (normalized: nope) not found.", output, StringComparison.Ordinal);
        Assert.EndsWith("status: error\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        (int syntaxExit, _, string error) = await Invoke("echo(", "run", "-");
        Assert.Equal(1, syntaxExit);
        Assert.StartsWith("Script Error: Parser error at line 1, col 6", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_dispatches_replies()
    {
        (int exit, string output, _) = await Invoke("ok <nit>echo(a=1)</nit> and <nit>echo(</nit>", "run", "-");
        Assert.Equal(1, exit);
        string text = output.ReplaceLineEndings("\n");
        Assert.Contains("[block 1, line 1] NIT_Script: success\nCall: echo -> {\"a\":1}\n", text, StringComparison.Ordinal);
        Assert.Contains("[block 2, line 1] NIT_Script: error\nScript Error: Parser error at line 1, col 6", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_and_usage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nit-{Guid.NewGuid():N}.nit");
        await File.WriteAllTextAsync(path, "echo(a=true)");
        try
        {
            (int exit, string output, _) = await Invoke(string.Empty, "run", path);
            Assert.Equal(0, exit);
            Assert.StartsWith("Call: echo -> {\"a\":true}", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(2, (await Invoke(string.Empty, "run", path)).Exit);
        Assert.Equal(2, (await Invoke(string.Empty, "lint", "-")).Exit);
        Assert.Equal(2, (await Invoke(string.Empty, "check")).Exit);
    }

    [Fact]
    public async Task Run_stops_the_doubling_script_with_a_size_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nit-{Guid.NewGuid():N}.nit");
        await File.WriteAllTextAsync(path, ValueSizeTests.DoublingScript(30));
        try
        {
            (int exit, string output, string error) = await Invoke(string.Empty, "run", path);
            Assert.Equal(1, exit);
            string text = output.ReplaceLineEndings("\n");
            Assert.Contains("Assignment: $a17 = Error: Runtime error at line 18, col 8: Value too large: this list would take more than 1000000 characters", text, StringComparison.Ordinal);
            Assert.EndsWith("Script stopped at line 18: 13 statement(s) after it did not run.\nstatus: error\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("$a18", text, StringComparison.Ordinal);
            Assert.StartsWith("Runtime error at line 18, col 8: Value too large", error, StringComparison.Ordinal);
            Assert.Contains("  18 | $a17 = [$a16, $a16]\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_reports_size_errors_of_reply_blocks_at_input_positions()
    {
        (int exit, string output, string error) = await Invoke("Hi\n<nit>\n" + ValueSizeTests.DoublingScript(20) + "</nit>", "run", "-");
        Assert.Equal(1, exit);
        Assert.Contains("[block 1, line 2] NIT_Script: error\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.StartsWith("block 1 (input line 20, col 8): Runtime error at line 19, col 8: Value too large", error, StringComparison.Ordinal);
    }
}
