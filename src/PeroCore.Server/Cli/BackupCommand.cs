using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PeroCore.Memory.Storage;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore backup FILE [--force] [--data FOLDER]</c>: a consistent copy of the database through SQLite's backup API
/// (<see cref="StoreBackup"/>). When a running server holds the data folder (it announces its address beside the lock)
/// the server makes the copy (<c>POST /api/backup</c>, with <c>Server:ApiKey</c> when set); otherwise the command takes
/// the folder's lock and copies directly.
/// </summary>
internal static class BackupCommand
{
    /// <summary>The <c>backup</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("FILE") { Description = "The backup file to write (outside the data folder)." };
        var data = SettingOption.Data();
        var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
        var command = new Command("backup", "Copy the database consistently (through the running server when one holds the data folder).")
        {
            file, data.Option, force,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(file), result.GetValue(force), SettingOption.Arguments(result, context.Settings, data), context, ct),
            context.Error));
        return command;
    }

    /// <summary>Backs up to <paramref name="file"/>.</summary>
    public static async Task<int> RunAsync(string file, bool force, string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(context);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        string target;
        try
        {
            target = BackupTarget.Check(Path.GetFullPath(file), settings.Server.DataPath, force);
        }
        catch (Exception ex) when (ex is ArgumentException or StoreConflictException)
        {
            await context.Error.WriteLineAsync(ex.Message.Replace("'path'", "FILE", StringComparison.Ordinal)).ConfigureAwait(false);
            await context.Error.WriteLineAsync("Usage: perocore backup <FILE> [options]").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        DataFolderLock folderLock;
        try
        {
            folderLock = DataFolderLock.Acquire(settings.Server.DataPath, "backup");
        }
        catch (DataFolderLockedException) when (DataFolderLock.ReadAddress(settings.Server.DataPath) is { } server)
        {
            return await ThroughServerAsync(server, target, force, settings.Server.ApiKey, context, cancellationToken).ConfigureAwait(false);
        }

        using (folderLock)
        {
            if (!File.Exists(settings.Server.DatabasePath))
            {
                await context.Error.WriteLineAsync($"There is no database in {settings.Server.DataPath} to back up.").ConfigureAwait(false);
                return PeroCoreCli.ExitBadConfiguration;
            }

            var bytes = await StoreBackup.CopyAsync(settings.Server.DatabasePath, target, cancellationToken).ConfigureAwait(false);
            await ReportAsync(context, target, bytes, "directly").ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task<int> ThroughServerAsync(Uri server, string target, bool force, string? apiKey, CliContext context, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync("/api/backup", new Dictionary<string, object> { ["path"] = target, ["force"] = force }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await context.Error.WriteLineAsync($"The server holding the data folder ({server}) did not answer: {ex.Message}").ConfigureAwait(false);
            return PeroCoreCli.ExitFolderLocked;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = text;
                try
                {
                    using var problem = JsonDocument.Parse(text);
                    detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? text : text;
                }
                catch (JsonException)
                {
                    // Not a problem body: show it as it is.
                }

                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The server refused the backup ({(int)response.StatusCode}): {detail}")).ConfigureAwait(false);
                return PeroCoreCli.ExitBadConfiguration;
            }

            using var body = JsonDocument.Parse(text);
            await ReportAsync(context, target, body.RootElement.GetProperty("bytes").GetInt64(), $"through the server at {server}").ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task ReportAsync(CliContext context, string target, long bytes, string how)
    {
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Backed up to {target} ({bytes} bytes, {how}).")).ConfigureAwait(false);
        await context.Output.WriteLineAsync(DataEndpoints.BackupNote).ConfigureAwait(false);
    }
}
