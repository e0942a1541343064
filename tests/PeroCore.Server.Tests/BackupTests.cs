using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PeroCore.Server.Cli;

namespace PeroCore.Server.Tests;

/// <summary><c>perocore backup</c> and <c>POST /api/backup</c>: a consistent copy, directly or through the running server.</summary>
public sealed class BackupTests : ApiTestBase
{
    [Fact]
    public async Task While_the_server_runs_the_cli_asks_it_for_the_backup()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"the owner's cat is called Miso"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        using var dir = new TempFolder();
        var target = Path.Combine(dir.Path, "backup.db");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PeroCoreCli.RunAsync(["backup", target, "--data", Server.DataPath, "--Embedding:Provider=Hashing"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("through the server", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["the owner's cat is called Miso"], await ContentsAsync(target));
        Assert.False(File.Exists(target + "-wal"));

        // Again without --force: refused by the server, the copy untouched; with --force: replaced.
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(["backup", target, "--data", Server.DataPath], TextWriter.Null, error));
        Assert.Contains("exists", error.ToString(), StringComparison.Ordinal);
        await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"the owner drinks green tea"}""");
        Assert.Equal(0, await PeroCoreCli.RunAsync(["backup", target, "--force", "--data", Server.DataPath], TextWriter.Null, error));
        Assert.Equal(2, (await ContentsAsync(target)).Count);
    }

    [Fact]
    public async Task Without_a_server_the_cli_copies_directly()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var jsonl = Path.Combine(dir.Path, "m.jsonl");
        await File.WriteAllTextAsync(jsonl, """{"content":"first"}""" + "\n" + """{"content":"second"}""" + "\n");
        Assert.Equal(0, await PeroCoreCli.RunAsync(["import", jsonl, "--data", data, "--Embedding:Provider=Hashing"], TextWriter.Null, TextWriter.Null));
        var target = Path.Combine(dir.Path, "copy.db");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await PeroCoreCli.RunAsync(["backup", target, "--data", data], output, error));

        Assert.Contains("directly", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("rebuilds", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["first", "second"], (await ContentsAsync(target)).Order());

        // The copy is a working data folder: a server started on it finds the memories (indexes rebuilt).
        var restored = Path.Combine(dir.Path, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(target, Path.Combine(restored, "perocore.db"));
        await using var app = await Hosting.PeroCoreApplication.CreateAsync(["--port", "0", "--data", restored, "--Embedding:Provider=Hashing"]);
        await app.StartAsync();
        var hits = await app.Engine.RecallAsync(new PeroCore.Memory.Recall.RecallRequest { Query = "second" });
        Assert.Contains(hits.Memories, m => m.Memory.Content == "second");
    }

    [Theory]
    [InlineData("relative.db")]
    [InlineData("/no/such/folder/x.db")]
    [InlineData("DATA/inside.db")]
    [InlineData("TMP")]
    public async Task Bad_backup_paths_are_refused_over_http_and_on_the_command_line(string path)
    {
        using var dir = new TempFolder();
        path = path.Replace("DATA", Server.DataPath, StringComparison.Ordinal).Replace("TMP", dir.Path, StringComparison.Ordinal);
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/backup", JsonSerializer.Serialize(new { path }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("path", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"path":5}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"path":"/tmp/x.db","force":"yes"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"path":"/tmp/x.db","extra":1}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"path":""", HttpStatusCode.UnprocessableEntity)]
    public async Task Malformed_backup_bodies_are_4xx(string json, HttpStatusCode expected)
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/backup", json);
        Assert.Equal(expected, status);
    }

    private static async Task<List<string>> ContentsAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM memory ORDER BY id";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
